// Pushes one page, waits for it, then pops two: a CB underflow.
void kernel_main() {
    cb_reserve_back(tt::CBIndex::c_0, 1);
    cb_push_back(tt::CBIndex::c_0, 1);
    cb_wait_front(tt::CBIndex::c_0, 1);
    cb_pop_front(tt::CBIndex::c_0, 2);
}
