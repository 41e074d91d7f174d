// Result checks shared by the compute test programs: Pearson correlation (PCC) against a CPU reference,
// bfloat16 rounding of reference data, and a pass/fail report. Test-side only; never touches the device.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <tt-metalium/bfloat16.hpp>

namespace compute_checks {

// Pearson correlation coefficient of two equally long vectors (1.0 for identical shapes).
inline double pcc(const std::vector<float>& expected, const std::vector<float>& actual) {
    const size_t n = expected.size();
    double mean_e = 0, mean_a = 0;
    for (size_t i = 0; i < n; ++i) {
        mean_e += expected[i];
        mean_a += actual[i];
    }
    mean_e /= n;
    mean_a /= n;
    double cov = 0, var_e = 0, var_a = 0;
    for (size_t i = 0; i < n; ++i) {
        const double de = expected[i] - mean_e, da = actual[i] - mean_a;
        cov += de * da;
        var_e += de * de;
        var_a += da * da;
    }
    if (var_e == 0 || var_a == 0) return (var_e == var_a) ? 1.0 : 0.0;
    return cov / std::sqrt(var_e * var_a);
}

inline std::vector<float> to_floats(const std::vector<bfloat16>& values) {
    return std::vector<float>(values.begin(), values.end());
}

// Seeded uniform bfloat16 values in [low, high).
inline std::vector<bfloat16> random_bfloat16(size_t count, float low, float high, uint32_t seed) {
    std::mt19937 generator(seed);
    std::uniform_real_distribution<float> distribution(low, high);
    std::vector<bfloat16> values(count);
    for (auto& v : values) v = bfloat16(distribution(generator));
    return values;
}

// Counts elements that differ (bitwise equal floats count as equal; NaN never does).
inline size_t count_mismatches(const std::vector<float>& expected, const std::vector<float>& actual,
                               size_t* first_index = nullptr) {
    size_t mismatches = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
        if (!(expected[i] == actual[i])) {
            if (mismatches == 0 && first_index) *first_index = i;
            ++mismatches;
        }
    }
    return mismatches;
}

// Prints one check line and returns whether it passed.
inline bool report(const std::string& what, bool passed, const std::string& detail) {
    std::printf("[%s] %s: %s\n", passed ? "PASS" : "FAIL", what.c_str(), detail.c_str());
    return passed;
}

}  // namespace compute_checks
