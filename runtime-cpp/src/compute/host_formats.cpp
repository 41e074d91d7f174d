// Host helpers declared in tt-metalium/bfloat16.hpp and tt-metalium/tilize_utils.hpp: bfloat16 vector
// packing, seeded random data, and row-major <-> tiled layout conversion. Host memory only.
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/tilize_utils.hpp>

#include <cmath>
#include <cstring>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>

#include "tile_formats.hpp"

// ---- bfloat16 -----------------------------------------------------------------------------------------

bfloat16 bfloat16::truncate(float float_num) {
    bfloat16 result;
    result.uint16_data = static_cast<uint16_t>(std::bit_cast<uint32_t>(float_num) >> 16);
    return result;
}

uint16_t fp32_to_bf16_bits_round_to_nearest_even(float val) {
    if (std::isnan(val)) return 0x7FC0;
    return emu::formats::fp32_to_bf16_bits(val);
}

std::ostream& operator<<(std::ostream& os, const bfloat16& bfp16) { return os << static_cast<float>(bfp16); }

bool operator==(const std::vector<bfloat16>& lhs, const std::vector<bfloat16>& rhs) {
    if (lhs.size() != rhs.size()) return false;
    for (size_t i = 0; i < lhs.size(); ++i)
        if (!(lhs[i] == rhs[i])) return false;
    return true;
}

static uint16_t bits_of(bfloat16 value) { return std::bit_cast<uint16_t>(value); }

static bfloat16 from_bits(uint16_t bits) { return std::bit_cast<bfloat16>(bits); }

uint32_t pack_two_bfloat16_into_uint32(std::pair<bfloat16, bfloat16> two_bfloats) {
    return static_cast<uint32_t>(bits_of(two_bfloats.first)) | (static_cast<uint32_t>(bits_of(two_bfloats.second)) << 16);
}

std::vector<bfloat16> create_random_vector_of_bfloat16_native(size_t num_bytes, float rand_max_float, int seed,
                                                              float offset) {
    std::mt19937 generator(static_cast<uint32_t>(seed));
    std::uniform_real_distribution<float> distribution(0.0f, rand_max_float);
    std::vector<bfloat16> values(num_bytes / sizeof(bfloat16));
    for (auto& value : values) value = bfloat16(distribution(generator) + offset);
    return values;
}

std::vector<std::uint32_t> create_random_vector_of_bfloat16(size_t num_bytes, float rand_max_float, int seed,
                                                            float offset) {
    return pack_bfloat16_vec_into_uint32_vec(
        create_random_vector_of_bfloat16_native(num_bytes, rand_max_float, seed, offset));
}

std::vector<std::uint32_t> create_constant_vector_of_bfloat16(size_t num_bytes, float value) {
    const bfloat16 constant(value);
    return std::vector<std::uint32_t>(num_bytes / sizeof(uint32_t), pack_two_bfloat16_into_uint32({constant, constant}));
}

std::vector<bfloat16> create_identity_matrix(int rows, int cols, int num_ones) {
    std::vector<bfloat16> matrix(static_cast<size_t>(rows) * cols, bfloat16(0.0f));
    for (int i = 0; i < num_ones && i < rows && i < cols; ++i) matrix[static_cast<size_t>(i) * cols + i] = bfloat16(1.0f);
    return matrix;
}

std::vector<uint32_t> pack_bfloat16_vec_into_uint32_vec(const std::vector<bfloat16>& data) {
    std::vector<uint32_t> packed((data.size() + 1) / 2, 0);
    for (size_t i = 0; i < data.size(); ++i) packed[i / 2] |= static_cast<uint32_t>(bits_of(data[i])) << (16 * (i % 2));
    return packed;
}

bfloat16 bfloat16_identity_transform(const bfloat16& input) { return input; }

std::vector<bfloat16> unpack_uint32_vec_into_bfloat16_vec(const std::vector<std::uint32_t>& data,
                                                          const std::function<bfloat16(const bfloat16&)>& transform) {
    std::vector<bfloat16> values;
    values.reserve(data.size() * 2);
    for (uint32_t word : data) {
        values.push_back(transform(from_bits(static_cast<uint16_t>(word & 0xFFFF))));
        values.push_back(transform(from_bits(static_cast<uint16_t>(word >> 16))));
    }
    return values;
}

bool equal_within_n_sig_figs(float a, float b, int n) {
    if (a == b) return true;
    const float magnitude = std::max(std::fabs(a), std::fabs(b));
    return std::fabs(a - b) <= magnitude * std::pow(10.0f, static_cast<float>(1 - n)) * 0.5f;
}

bool is_close(float a, float b, float rtol, float atol) { return std::fabs(a - b) <= atol + rtol * std::fabs(b); }

// ---- layouts -------------------------------------------------------------------------------------------

std::ostream& operator<<(std::ostream& os, TensorLayoutType layout) {
    switch (layout) {
        case TensorLayoutType::LIN_ROW_MAJOR: return os << "LIN_ROW_MAJOR";
        case TensorLayoutType::TILED_SWIZZLED: return os << "TILED_SWIZZLED";
        case TensorLayoutType::TILED_NFACES: return os << "TILED_NFACES";
    }
    return os << "TensorLayoutType(" << static_cast<int>(layout) << ")";
}

std::uint32_t round_up_to_mul16(std::uint32_t val) { return (val + 15) & ~15u; }
std::uint32_t round_up_to_mul32(std::uint32_t val) { return (val + 31) & ~31u; }
std::uint32_t round_up_to_tile(int val, int tile_val) { return static_cast<uint32_t>((val + tile_val - 1) / tile_val * tile_val); }

namespace {

// Where element (row, col) of a rows x cols matrix lives in a given layout.
struct LayoutGeometry {
    TensorLayoutType layout;
    uint32_t cols;
    PhysicalSize tile;
    PhysicalSize face;
    bool transpose_within_face;
    bool transpose_of_faces;

    size_t offset(uint32_t row, uint32_t col) const {
        if (layout == TensorLayoutType::LIN_ROW_MAJOR) return static_cast<size_t>(row) * cols + col;
        const uint32_t tile_h = tile[0], tile_w = tile[1];
        const size_t tile_index = static_cast<size_t>(row / tile_h) * (cols / tile_w) + col / tile_w;
        const size_t tile_base = tile_index * tile_h * tile_w;
        const uint32_t i = row % tile_h, j = col % tile_w;
        if (layout == TensorLayoutType::TILED_SWIZZLED) return tile_base + static_cast<size_t>(i) * tile_w + j;
        const uint32_t face_h = face[0], face_w = face[1];
        const uint32_t face_row = i / face_h, face_col = j / face_w;
        const uint32_t face_index = transpose_of_faces ? face_col * (tile_h / face_h) + face_row
                                                       : face_row * (tile_w / face_w) + face_col;
        const uint32_t a = i % face_h, b = j % face_w;
        const uint32_t within_face = transpose_within_face ? b * face_h + a : a * face_w + b;
        return tile_base + static_cast<size_t>(face_index) * face_h * face_w + within_face;
    }
};

void check_tiled_shape(uint32_t rows, uint32_t cols, const PhysicalSize& tile, const PhysicalSize& face) {
    if (tile[0] == 0 || tile[1] == 0 || face[0] == 0 || face[1] == 0 || tile[0] % face[0] || tile[1] % face[1]) {
        throw std::invalid_argument("convert_layout: tile shape must be a non-zero multiple of the face shape");
    }
    if (rows % tile[0] || cols % tile[1]) {
        throw std::invalid_argument("convert_layout: matrix " + std::to_string(rows) + "x" + std::to_string(cols) +
                                    " is not a whole number of " + std::to_string(tile[0]) + "x" +
                                    std::to_string(tile[1]) + " tiles");
    }
}

}  // namespace

template <typename T>
std::vector<T> convert_layout(tt::stl::Span<const T> data, const PhysicalSize& shape, TensorLayoutType inL,
                              TensorLayoutType outL, std::optional<PhysicalSize> tile_shape,
                              std::optional<PhysicalSize> face_shape, bool transpose_within_face,
                              bool transpose_of_faces) {
    const uint32_t rows = shape[0], cols = shape[1];
    const size_t matrix_elements = static_cast<size_t>(rows) * cols;
    if (matrix_elements == 0 || data.size() % matrix_elements != 0) {
        throw std::invalid_argument("convert_layout: data size " + std::to_string(data.size()) +
                                    " is not a multiple of " + std::to_string(rows) + "x" + std::to_string(cols));
    }
    const PhysicalSize tile = tile_shape.value_or(PhysicalSize{32, 32});
    const PhysicalSize face = face_shape.value_or(PhysicalSize{16, 16});
    if (inL != TensorLayoutType::LIN_ROW_MAJOR || outL != TensorLayoutType::LIN_ROW_MAJOR)
        check_tiled_shape(rows, cols, tile, face);
    const LayoutGeometry from{inL, cols, tile, face, transpose_within_face, transpose_of_faces};
    const LayoutGeometry to{outL, cols, tile, face, transpose_within_face, transpose_of_faces};
    std::vector<T> result(data.size());
    for (size_t batch = 0; batch < data.size() / matrix_elements; ++batch) {
        const size_t base = batch * matrix_elements;
        for (uint32_t r = 0; r < rows; ++r)
            for (uint32_t c = 0; c < cols; ++c) result[base + to.offset(r, c)] = data[base + from.offset(r, c)];
    }
    return result;
}

template <typename T>
std::vector<T> convert_layout(tt::stl::Span<const T> data, tt::stl::Span<const uint32_t> shape, TensorLayoutType inL,
                              TensorLayoutType outL, std::optional<PhysicalSize> tile_shape,
                              std::optional<PhysicalSize> face_shape, bool transpose_within_face,
                              bool transpose_of_faces) {
    if (shape.size() < 2) throw std::invalid_argument("convert_layout: shape needs at least two dimensions");
    const PhysicalSize matrix{shape[shape.size() - 2], shape[shape.size() - 1]};
    return convert_layout<T>(data, matrix, inL, outL, tile_shape, face_shape, transpose_within_face, transpose_of_faces);
}

template <typename T>
std::vector<T> tilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n) {
    return convert_layout<T>(tt::stl::Span<const T>(input.data(), input.size()), PhysicalSize{m, n},
                             TensorLayoutType::LIN_ROW_MAJOR, TensorLayoutType::TILED_NFACES);
}
template <typename T>
std::vector<T> untilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n) {
    return convert_layout<T>(tt::stl::Span<const T>(input.data(), input.size()), PhysicalSize{m, n},
                             TensorLayoutType::TILED_NFACES, TensorLayoutType::LIN_ROW_MAJOR);
}
template <typename T>
std::vector<T> tilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n) {
    return convert_layout<T>(tt::stl::Span<const T>(input.data(), input.size()), PhysicalSize{m, n},
                             TensorLayoutType::LIN_ROW_MAJOR, TensorLayoutType::TILED_SWIZZLED);
}
template <typename T>
std::vector<T> untilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n) {
    return convert_layout<T>(tt::stl::Span<const T>(input.data(), input.size()), PhysicalSize{m, n},
                             TensorLayoutType::TILED_SWIZZLED, TensorLayoutType::LIN_ROW_MAJOR);
}

#define EMU_INSTANTIATE_LAYOUTS(T)                                                                                 \
    template std::vector<T> convert_layout<T>(tt::stl::Span<const T>, const PhysicalSize&, TensorLayoutType,         \
                                              TensorLayoutType, std::optional<PhysicalSize>,                       \
                                              std::optional<PhysicalSize>, bool, bool);                            \
    template std::vector<T> convert_layout<T>(tt::stl::Span<const T>, tt::stl::Span<const uint32_t>,               \
                                              TensorLayoutType, TensorLayoutType, std::optional<PhysicalSize>,     \
                                              std::optional<PhysicalSize>, bool, bool);                            \
    template std::vector<T> tilize_nfaces<T>(const std::vector<T>&, uint32_t, uint32_t);                           \
    template std::vector<T> untilize_nfaces<T>(const std::vector<T>&, uint32_t, uint32_t);                         \
    template std::vector<T> tilize_swizzled<T>(const std::vector<T>&, uint32_t, uint32_t);                         \
    template std::vector<T> untilize_swizzled<T>(const std::vector<T>&, uint32_t, uint32_t);

EMU_INSTANTIATE_LAYOUTS(uint16_t)
EMU_INSTANTIATE_LAYOUTS(uint32_t)
EMU_INSTANTIATE_LAYOUTS(int32_t)
EMU_INSTANTIATE_LAYOUTS(float)
EMU_INSTANTIATE_LAYOUTS(bfloat16)
