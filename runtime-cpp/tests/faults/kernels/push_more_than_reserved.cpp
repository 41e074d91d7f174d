// Reserves one page and pushes two: a CB overflow.
void kernel_main() {
    cb_reserve_back(tt::CBIndex::c_0, 1);
    cb_push_back(tt::CBIndex::c_0, 2);
}
