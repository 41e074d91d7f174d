// Prints, for each fp32 bit pattern read from stdin (one hex word per line), what runtime-cpp's SFPU model
// (src/compute/sfpu_math.hpp) leaves in DST for every variant that sfpu-emulator.test.ts checks against reference/sfpu.ts.
// Output: one line per input, hex words in the order of VARIANTS in that test. Not part of the emulator build.
#include <cstdint>
#include <cstdio>
#include <initializer_list>

#include "sfpu_math.hpp"

using namespace emu::sfpu;

int main() {
    unsigned int x = 0;
    uint32_t prev = 0, prev2 = 0;
    while (std::scanf("%x", &x) == 1) {
        std::printf("%08x %08x %08x", mad(x, prev, prev2), binary_max(x, prev), binary_min(x, prev));
        for (int op = 0; op < 6; ++op) std::printf(" %08x", compare_zero(static_cast<ZeroCompare>(op), x));
        for (const bool fp32 : {true, false}) {
            auto out = [&](uint32_t bits) { std::printf(" %08x", store_to_dst(bits, fp32)); };
            ExpOptions options;
            out(exp(x, fp32, options));
            options.scale_en = true;
            options.scale_bf16 = 0x3FC0;  // 1.5
            out(exp(x, fp32, options));
            options = {};
            options.approx = true;
            options.fast_approx = false;
            out(exp(x, fp32, options));
            options.fast_approx = true;
            out(exp(x, fp32, options));
            options.init_scale = 0x3FC00000;  // 1.5
            out(exp(x, fp32, options));
            out(sigmoid(x, fp32));
            for (int op = 0; op < 5; ++op) {
                out(binary(static_cast<Binary>(op), x, prev, fp32));
                out(binop_scalar(static_cast<Binary>(op), x, prev));
            }
            for (const bool approx : {false, true}) {
                out(recip(x, fp32, approx, true));
                out(recip(x, fp32, approx, false));
                out(sqrt(x, fp32, approx, false));
                out(sqrt(x, fp32, approx, true));
                out(rsqrt(x, fp32, approx, false, false));
                out(rsqrt(x, fp32, approx, true, false));
                out(rsqrt(x, fp32, approx, false, true));
            }
        }
        std::printf("\n");
        prev2 = prev;
        prev = x;
    }
    return 0;
}
