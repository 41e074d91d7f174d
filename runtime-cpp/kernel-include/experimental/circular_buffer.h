// experimental::CircularBuffer: an object wrapper over one CB's calls (experimental/circular_buffer.h at the
// pinned commit), usable from data-movement and compute kernels, and as a local L1 source/destination (or a
// multicast destination) of experimental::Noc. Forwards to the classic cb_* calls; owns no state but the id.
#pragma once

#include <cstdint>

#ifndef COMPILE_FOR_TRISC
#include "experimental/noc.h"
#endif
#include "experimental/lock.h"

namespace experimental {

class CircularBuffer {
public:
    enum class AddrSelector { WRITE_PTR, READ_PTR };

    explicit CircularBuffer(std::uint32_t cb_id) : cb_id_(cb_id) {}

    std::uint32_t get_cb_id() const { return cb_id_; }

    void reserve_back(std::int32_t num_pages) { ::cb_reserve_back(cb_id_, num_pages); }
    void push_back(std::int32_t num_pages) { ::cb_push_back(cb_id_, num_pages); }
    void wait_front(std::int32_t num_pages) { ::cb_wait_front(cb_id_, num_pages); }
    void pop_front(std::int32_t num_pages) { ::cb_pop_front(cb_id_, num_pages); }

#ifndef COMPILE_FOR_TRISC
    std::uint32_t get_tile_size() const { return ::get_tile_size(cb_id_); }
    DataFormat get_dataformat() const { return ::get_dataformat(cb_id_); }
    bool pages_reservable_at_back(std::int32_t num_pages) const { return ::cb_pages_reservable_at_back(cb_id_, num_pages); }
    bool pages_available_at_front(std::int32_t num_pages) const { return ::cb_pages_available_at_front(cb_id_, num_pages); }
    std::uint32_t get_write_ptr() const { return ::get_write_ptr(cb_id_); }
    std::uint32_t get_read_ptr() const { return ::get_read_ptr(cb_id_); }
#endif

    [[nodiscard]] auto scoped_lock() {
        return Lock([] {});
    }

private:
    std::uint32_t cb_id_;
};

#ifndef COMPILE_FOR_TRISC
struct CircularBufferArgs {
    std::uint32_t offset_bytes{};
};
struct CircularBufferMcastArgs {
    std::uint32_t noc_x_start{};
    std::uint32_t noc_y_start{};
    std::uint32_t noc_x_end{};
    std::uint32_t noc_y_end{};
    std::uint32_t offset_bytes{};
};

template <CircularBuffer::AddrSelector AddrSel>
struct CircularBufferView {
    const CircularBuffer& cb;
    explicit constexpr CircularBufferView(const CircularBuffer& c) : cb(c) {}
};

template <CircularBuffer::AddrSelector AddrSel>
constexpr auto use(const CircularBuffer& cb) {
    return CircularBufferView<AddrSel>(cb);
}

// A CB is read from at its read pointer and written to at its write pointer; a view uses the pointer it chose.
inline std::uint32_t source_address(const CircularBuffer& cb) { return cb.get_read_ptr(); }
inline std::uint32_t destination_address(const CircularBuffer& cb) { return cb.get_write_ptr(); }
template <CircularBuffer::AddrSelector AddrSel>
std::uint32_t source_address(const CircularBufferView<AddrSel>& view) {
    return AddrSel == CircularBuffer::AddrSelector::READ_PTR ? view.cb.get_read_ptr() : view.cb.get_write_ptr();
}
template <CircularBuffer::AddrSelector AddrSel>
std::uint32_t destination_address(const CircularBufferView<AddrSel>& view) {
    return source_address(view);
}

// A CB (or view) is a local L1 place, or the same place on a rectangle of cores when multicast to.
template <typename Place>
struct circular_buffer_noc_traits {
    using src_args_type = CircularBufferArgs;
    using dst_args_type = CircularBufferArgs;
    using dst_args_mcast_type = CircularBufferMcastArgs;
    template <Noc::AddressType address_type>
    static std::uint32_t src_addr(const Place& place, const Noc&, const src_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1,
                      "CircularBuffer without mcast range can only be used as L1 source");
        return source_address(place) + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static std::uint32_t dst_addr(const Place& place, const Noc&, const dst_args_type& args) {
        static_assert(address_type == Noc::AddressType::LOCAL_L1,
                      "CircularBuffer without mcast range can only be used as L1 destination");
        return destination_address(place) + args.offset_bytes;
    }
    template <Noc::AddressType address_type>
    static std::uint64_t dst_addr_mcast(const Place& place, const Noc& noc, const dst_args_mcast_type& args) {
        static_assert(address_type == Noc::AddressType::NOC,
                      "CircularBuffer with mcast range cannot be used as L1 source");
        return ::get_noc_multicast_addr(args.noc_x_start, args.noc_y_start, args.noc_x_end, args.noc_y_end,
                                        destination_address(place) + args.offset_bytes, noc.get_noc_id());
    }
};

template <>
struct noc_traits_t<CircularBuffer> : circular_buffer_noc_traits<CircularBuffer> {};
template <CircularBuffer::AddrSelector AddrSel>
struct noc_traits_t<CircularBufferView<AddrSel>> : circular_buffer_noc_traits<CircularBufferView<AddrSel>> {};
#endif

}  // namespace experimental
