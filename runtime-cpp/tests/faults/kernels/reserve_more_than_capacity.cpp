// Reserves three pages of a two-page CB: can never succeed on hardware (it would hang).
void kernel_main() { cb_reserve_back(tt::CBIndex::c_0, 3); }
