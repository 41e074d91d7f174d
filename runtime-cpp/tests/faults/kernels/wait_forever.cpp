// Waits for a page nobody ever pushes: the emulator must report a deadlock naming this kernel and CB 0.
void kernel_main() { cb_wait_front(tt::CBIndex::c_0, 1); }
