// Refers to a name that does not exist: the emulator must show the compiler's message.
void kernel_main() {
    int value = this_symbol_does_not_exist;
    (void)value;
}
