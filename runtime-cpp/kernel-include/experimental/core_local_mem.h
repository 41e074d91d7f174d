// experimental::CoreLocalMem<T>: a typed pointer into this core's L1 (experimental/core_local_mem.h at the
// pinned commit), usable as a local L1 source or destination of experimental::Noc. Its address is the L1
// address kernels see (a host pointer in the emulator), so dereferencing works as get_write_ptr()'s does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "experimental/lock.h"
#include "experimental/noc.h"

namespace experimental {

template <typename T, typename AddressType = std::uintptr_t>
class CoreLocalMem {
    using difference_type = std::ptrdiff_t;
    static_assert(std::is_integral_v<AddressType> && std::is_unsigned_v<AddressType>,
                  "AddressType must be an unsigned integral type");

public:
    CoreLocalMem(AddressType address) : address_(address) {}  // NOLINT: implicit like tt-metal's
    CoreLocalMem(T* ptr) : address_(reinterpret_cast<AddressType>(ptr)) {}  // NOLINT

    tt_l1_ptr T* get_unsafe_ptr() const { return reinterpret_cast<tt_l1_ptr T*>(address_); }
    AddressType get_address() const { return address_; }

    T& operator[](std::uint32_t index) const { return get_unsafe_ptr()[index]; }
    T& operator*() const { return get_unsafe_ptr()[0]; }
    tt_l1_ptr T* operator->() const { return get_unsafe_ptr(); }

    CoreLocalMem& operator+=(difference_type offset) {
        address_ += offset * sizeof(T);
        return *this;
    }
    CoreLocalMem& operator-=(difference_type offset) { return *this += -offset; }
    CoreLocalMem& operator++() { return *this += 1; }
    CoreLocalMem& operator--() { return *this -= 1; }
    CoreLocalMem operator++(int) {
        CoreLocalMem before = *this;
        *this += 1;
        return before;
    }
    CoreLocalMem operator--(int) {
        CoreLocalMem before = *this;
        *this -= 1;
        return before;
    }
    CoreLocalMem operator+(difference_type offset) const { return CoreLocalMem(address_ + offset * sizeof(T)); }
    CoreLocalMem operator-(difference_type offset) const { return CoreLocalMem(address_ - offset * sizeof(T)); }
    difference_type operator-(const CoreLocalMem& other) const {
        return (static_cast<difference_type>(address_) - static_cast<difference_type>(other.address_)) /
               static_cast<difference_type>(sizeof(T));
    }

    [[nodiscard]] auto scoped_lock() {
        return Lock([] {});
    }

    auto operator<=>(const CoreLocalMem& other) const = default;
    explicit operator bool() const { return address_ != 0; }

private:
    AddressType address_;
};

template <typename T, typename AddressType>
struct noc_traits_t<CoreLocalMem<T, AddressType>> {
    struct src_args_type {
        AddressType offset_bytes = 0;
    };
    struct dst_args_type {
        AddressType offset_bytes = 0;
    };
    template <Noc::AddressType address_type>
    static AddressType src_addr(const CoreLocalMem<T, AddressType>& src, const Noc&, const src_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1, "CoreLocalMem can only be used as local L1 source");
        return src.get_address() + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static AddressType dst_addr(const CoreLocalMem<T, AddressType>& dst, const Noc&, const dst_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1, "CoreLocalMem can only be used as local L1 dest");
        return dst.get_address() + args.offset_bytes;
    }
};

}  // namespace experimental
