// Minimal .npy reader/writer for little-endian float32 arrays in C order — the tensor file format
// molegen's generated runners exchange with the CLI. Copied verbatim into every generated project
// (host/npy.hpp) so the project builds on a machine without molegen. Not a general npy library:
// other dtypes and Fortran order are rejected with a clear message.
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace molegen::npy {

struct Array {
    std::vector<uint64_t> shape;
    std::vector<float> data;
};

inline std::string header_field(const std::string& header, const std::string& key) {
    const auto at = header.find("'" + key + "'");
    if (at == std::string::npos) {
        throw std::runtime_error("npy header has no '" + key + "' field");
    }
    const auto colon = header.find(':', at);
    auto begin = header.find_first_not_of(' ', colon + 1);
    auto end = begin;
    if (header[begin] == '(') {
        end = header.find(')', begin) + 1;
    } else if (header[begin] == '\'') {
        end = header.find('\'', begin + 1) + 1;
    } else {
        end = header.find_first_of(",}", begin);
    }
    return header.substr(begin, end - begin);
}

inline Array read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error(path + ": cannot open");
    }
    char magic[6];
    in.read(magic, 6);
    if (!in || std::memcmp(magic, "\x93NUMPY", 6) != 0) {
        throw std::runtime_error(path + ": not a .npy file");
    }
    uint8_t version[2];
    in.read(reinterpret_cast<char*>(version), 2);
    uint32_t header_len = 0;
    if (version[0] == 1) {
        uint16_t len16 = 0;
        in.read(reinterpret_cast<char*>(&len16), 2);
        header_len = len16;
    } else {
        in.read(reinterpret_cast<char*>(&header_len), 4);
    }
    std::string header(header_len, '\0');
    in.read(header.data(), header_len);
    if (!in) {
        throw std::runtime_error(path + ": truncated header");
    }
    if (header_field(header, "descr") != "'<f4'") {
        throw std::runtime_error(path + ": dtype " + header_field(header, "descr") + " is not float32 ('<f4')");
    }
    if (header_field(header, "fortran_order") != "False") {
        throw std::runtime_error(path + ": Fortran-order arrays are not supported");
    }
    Array array;
    std::string dims = header_field(header, "shape");
    std::stringstream list(dims.substr(1, dims.size() - 2));
    std::string item;
    uint64_t count = 1;
    while (std::getline(list, item, ',')) {
        if (item.find_first_not_of(' ') == std::string::npos) {
            continue;
        }
        array.shape.push_back(std::stoull(item));
        count *= array.shape.back();
    }
    array.data.resize(count);
    in.read(reinterpret_cast<char*>(array.data.data()), static_cast<std::streamsize>(count * sizeof(float)));
    if (!in) {
        throw std::runtime_error(path + ": truncated data");
    }
    return array;
}

inline void write(const std::string& path, const std::vector<uint64_t>& shape, const std::vector<float>& data) {
    std::string dims;
    for (const uint64_t d : shape) {
        dims += std::to_string(d) + ", ";
    }
    if (shape.size() > 1) {
        dims.resize(dims.size() - 2);
    } else if (shape.size() == 1) {
        dims.resize(dims.size() - 1);
    }
    std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    const size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header.push_back('\n');
    std::ofstream out(path, std::ios::binary);
    if (!out) {
        throw std::runtime_error(path + ": cannot write");
    }
    out.write("\x93NUMPY\x01\x00", 8);
    const uint16_t header_len = static_cast<uint16_t>(header.size());
    out.write(reinterpret_cast<const char*>(&header_len), 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size() * sizeof(float)));
}

}  // namespace molegen::npy
