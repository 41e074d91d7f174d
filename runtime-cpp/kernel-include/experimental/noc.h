// experimental::Noc, tt-metal's object interface to the data-movement NoC calls (experimental/noc.h at the
// pinned commit): a transfer names a source and a destination object plus per-object arguments, and
// noc_traits_t<T> (specialised next to each object type: endpoints.h, circular_buffer.h, core_local_mem.h,
// tensor.h) turns them into a NoC or local L1 address. Everything forwards to the classic calls in
// api/dataflow/dataflow_api.h, so transfers complete when issued and barriers are no-ops, as there.
// Transaction ids and "with state" calls are accepted; the emulator has no command buffers to keep state in,
// so a *_with_state call recomputes its addresses from its own arguments.
#pragma once

#include <cstdint>
#include <type_traits>

#include "api/dataflow/dataflow_api.h"

namespace experimental {

struct MulticastEndpoint;

template <typename T>
struct noc_traits_t {
    static_assert(sizeof(T) == 0, "NoC transactions are not supported for this type");
};

class Noc {
public:
    enum class AddressType { NOC, LOCAL_L1 };
    enum class TxnIdMode { ENABLED, DISABLED };
    enum class ResponseMode { NON_POSTED, POSTED };
    enum class BarrierMode { TXN_ID, FULL };
    enum class McastMode { INCLUDE_SRC, EXCLUDE_SRC };
    enum class VcSelection { DEFAULT, CUSTOM };

    static constexpr std::uint32_t INVALID_TXN_ID = 0xFFFFFFFF;

    template <typename T>
    using src_args_t = typename noc_traits_t<T>::src_args_type;
    template <typename T>
    using dst_args_t = typename noc_traits_t<T>::dst_args_type;
    template <typename T>
    using dst_args_mcast_t = typename noc_traits_t<T>::dst_args_mcast_type;

    Noc() : noc_id_(noc_index) {}
    explicit Noc(std::uint8_t noc_id) : noc_id_(noc_id) {}

    std::uint8_t get_noc_id() const { return noc_id_; }

    bool is_local_bank(std::uint32_t virtual_x, std::uint32_t virtual_y) const {
        return virtual_x == my_x[noc_id_] && virtual_y == my_y[noc_id_];
    }
    bool is_local_addr(const std::uint64_t noc_addr) const {
        return is_local_bank(static_cast<std::uint32_t>(NOC_UNICAST_ADDR_X(noc_addr)),
                             static_cast<std::uint32_t>(NOC_UNICAST_ADDR_Y(noc_addr)));
    }

    template <TxnIdMode txn_id_mode = TxnIdMode::DISABLED, std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1,
              bool enable_noc_tracing = true, typename Src, typename Dst>
    void async_read(const Src& src, const Dst& dst, std::uint32_t size_bytes, const src_args_t<Src>& src_args,
                    const dst_args_t<Dst>& dst_args, std::uint32_t read_req_vc = NOC_UNICAST_WRITE_VC,
                    std::uint32_t trid = INVALID_TXN_ID) const {
        (void)trid;
        noc_async_read<max_page_size, enable_noc_tracing>(noc_address_of_source(src, src_args),
                                                          local_address_of_destination(dst, dst_args), size_bytes,
                                                          noc_id_, read_req_vc);
    }

    template <VcSelection vc_selection = VcSelection::DEFAULT, std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1,
              typename Src>
    void set_async_read_state(const Src& src, std::uint32_t size_bytes, const src_args_t<Src>& src_args,
                              std::uint8_t vc = 0) const {
        (void)src, (void)size_bytes, (void)src_args, (void)vc;
    }

    template <VcSelection vc_selection = VcSelection::DEFAULT, std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1,
              typename Src, typename Dst>
    void async_read_with_state(const Src& src, const Dst& dst, std::uint32_t size_bytes,
                               const src_args_t<Src>& src_args, const dst_args_t<Dst>& dst_args,
                               std::uint8_t vc = 0) const {
        (void)vc;
        async_read(src, dst, size_bytes, src_args, dst_args);
    }

    template <TxnIdMode txn_id_mode = TxnIdMode::DISABLED, ResponseMode response_mode = ResponseMode::NON_POSTED,
              std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true, typename Src,
              typename Dst>
    void async_write(const Src& src, const Dst& dst, std::uint32_t size_bytes, const src_args_t<Src>& src_args,
                     const dst_args_t<Dst>& dst_args, std::uint32_t vc = NOC_UNICAST_WRITE_VC,
                     std::uint32_t trid = INVALID_TXN_ID) const {
        (void)trid;
        noc_async_write<max_page_size, enable_noc_tracing, response_mode == ResponseMode::POSTED>(
            local_address_of_source(src, src_args), noc_address_of_destination(dst, dst_args), size_bytes, noc_id_, vc);
    }

    template <McastMode mcast_mode = McastMode::EXCLUDE_SRC, TxnIdMode txn_id_mode = TxnIdMode::DISABLED,
              ResponseMode response_mode = ResponseMode::NON_POSTED,
              std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, bool enable_noc_tracing = true, typename Src,
              typename Dst>
    void async_write_multicast(const Src& src, const Dst& dst, std::uint32_t size_bytes, std::uint32_t num_dsts,
                               const src_args_t<Src>& src_args, const dst_args_mcast_t<Dst>& dst_args,
                               bool linked = false, std::uint32_t trid = INVALID_TXN_ID) const {
        static_assert(txn_id_mode == TxnIdMode::DISABLED, "Mcasts with transaction id are not supported yet");
        static_assert(response_mode == ResponseMode::NON_POSTED, "Mcasts with posted transactions are not supported");
        (void)trid;
        const auto src_addr = local_address_of_source(src, src_args);
        const std::uint64_t dst_noc_addr = noc_traits_t<Dst>::template dst_addr_mcast<AddressType::NOC>(dst, *this, dst_args);
        if constexpr (mcast_mode == McastMode::INCLUDE_SRC) {
            noc_async_write_multicast_loopback_src(src_addr, dst_noc_addr, size_bytes, num_dsts, linked, noc_id_);
        } else {
            noc_async_write_multicast<max_page_size>(src_addr, dst_noc_addr, size_bytes, num_dsts, linked, noc_id_);
        }
    }

    template <ResponseMode response_mode = ResponseMode::NON_POSTED,
              std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, typename Dst>
    void set_async_write_state(const Dst& dst, std::uint32_t size_bytes, const dst_args_t<Dst>& dst_args,
                               std::uint8_t vc = NOC_UNICAST_WRITE_VC) const {
        (void)dst, (void)size_bytes, (void)dst_args, (void)vc;
    }

    template <ResponseMode response_mode = ResponseMode::NON_POSTED,
              std::uint32_t max_page_size = NOC_MAX_BURST_SIZE + 1, typename Src, typename Dst>
    void async_write_with_state(const Src& src, const Dst& dst, std::uint32_t size_bytes,
                                const src_args_t<Src>& src_args, const dst_args_t<Dst>& dst_args,
                                std::uint8_t vc = NOC_UNICAST_WRITE_VC) const {
        async_write<TxnIdMode::DISABLED, response_mode>(src, dst, size_bytes, src_args, dst_args, vc);
    }

    template <TxnIdMode txn_id_mode = TxnIdMode::DISABLED, typename Dst>
    void inline_dw_write(const Dst& dst, std::uint32_t val, const dst_args_t<Dst>& dst_args, std::uint8_t be = 0xF,
                         std::uint32_t vc = NOC_UNICAST_WRITE_VC, std::uint32_t trid = INVALID_TXN_ID) const {
        static_assert(txn_id_mode == TxnIdMode::DISABLED);
        (void)vc, (void)trid;
        noc_inline_dw_write(noc_address_of_destination(dst, dst_args), val, be, noc_id_);
    }

    template <BarrierMode barrier_type = BarrierMode::FULL>
    void async_read_barrier(std::uint32_t trid = INVALID_TXN_ID) const {
        (void)trid;
        noc_async_read_barrier(noc_id_);
    }
    template <BarrierMode barrier_type = BarrierMode::FULL>
    void async_write_barrier(std::uint32_t trid = INVALID_TXN_ID) const {
        (void)trid;
        noc_async_write_barrier(noc_id_);
    }
    template <ResponseMode response_mode = ResponseMode::NON_POSTED, BarrierMode barrier_type = BarrierMode::FULL>
    void async_writes_flushed(std::uint32_t trid = INVALID_TXN_ID) const {
        (void)trid;
        noc_async_writes_flushed(noc_id_);
    }
    void async_atomic_barrier() const { noc_async_atomic_barrier(noc_id_); }
    void async_full_barrier() const { noc_async_full_barrier(noc_id_); }

private:
    template <typename Src>
    std::uint64_t noc_address_of_source(const Src& src, const src_args_t<Src>& args) const {
        return noc_traits_t<Src>::template src_addr<AddressType::NOC>(src, *this, args);
    }
    template <typename Src>
    std::uint32_t local_address_of_source(const Src& src, const src_args_t<Src>& args) const {
        return static_cast<std::uint32_t>(noc_traits_t<Src>::template src_addr<AddressType::LOCAL_L1>(src, *this, args));
    }
    template <typename Dst>
    std::uint64_t noc_address_of_destination(const Dst& dst, const dst_args_t<Dst>& args) const {
        return noc_traits_t<Dst>::template dst_addr<AddressType::NOC>(dst, *this, args);
    }
    template <typename Dst>
    std::uint32_t local_address_of_destination(const Dst& dst, const dst_args_t<Dst>& args) const {
        return static_cast<std::uint32_t>(noc_traits_t<Dst>::template dst_addr<AddressType::LOCAL_L1>(dst, *this, args));
    }

    std::uint8_t noc_id_;
};

}  // namespace experimental
