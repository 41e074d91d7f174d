// Pushes one page (contents irrelevant) into CB c_1, for the compute kernel of a format fault case.
void kernel_main() {
    cb_reserve_back(tt::CBIndex::c_1, 1);
    cb_push_back(tt::CBIndex::c_1, 1);
}
