// noc_traits_t for TensorAccessor (experimental/tensor.h at the pinned commit): a tensor page, named by page id
// and a byte offset, as a NoC source or destination of experimental::Noc. Address arithmetic only.
#pragma once

#include "api/tensor/tensor_accessor.h"
#include "experimental/noc.h"

namespace experimental {

struct TensorPageArgs {
    std::uint32_t page_id{};
    std::uint32_t offset_bytes = 0;
};

template <typename Args>
struct noc_traits_t<TensorAccessor<Args>> {
    using src_args_type = TensorPageArgs;
    using dst_args_type = TensorPageArgs;
    template <Noc::AddressType address_type>
    static auto src_addr(const TensorAccessor<Args>& tensor, const Noc& noc, const src_args_type& args) {
        return page_address<address_type>(tensor, noc, args);
    }
    template <Noc::AddressType address_type>
    static auto dst_addr(const TensorAccessor<Args>& tensor, const Noc& noc, const dst_args_type& args) {
        return page_address<address_type>(tensor, noc, args);
    }

private:
    // As a local L1 place the page must live on this core; its local address is the low 32 bits.
    template <Noc::AddressType address_type>
    static std::uint64_t page_address(const TensorAccessor<Args>& tensor, const Noc& noc, const TensorPageArgs& args) {
        const std::uint64_t noc_addr = tensor.get_noc_addr(args.page_id, args.offset_bytes, noc.get_noc_id());
        if constexpr (address_type == Noc::AddressType::LOCAL_L1) {
            if (!noc.is_local_addr(noc_addr)) {
                ::emu::kernel::fault("noc access", "a TensorAccessor page used as a local L1 place lives on another core");
            }
            return static_cast<std::uint32_t>(noc_addr);
        } else {
            return noc_addr;
        }
    }
};

}  // namespace experimental
