// Reserves one page and pushes three into a 2-page CB: a CB overflow (pushing unreserved pages that fit is
// only a watcher warning, as the hardware runs it).
void kernel_main() {
    cb_reserve_back(tt::CBIndex::c_0, 1);
    cb_push_back(tt::CBIndex::c_0, 3);
}
