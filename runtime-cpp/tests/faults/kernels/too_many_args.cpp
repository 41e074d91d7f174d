// Reads runtime arg 3 although the host set only 2.
#include <cstdint>
void kernel_main() {
    volatile std::uint32_t value = get_arg_val<uint32_t>(3);
    (void)value;
}
