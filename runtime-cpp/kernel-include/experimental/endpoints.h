// experimental::UnicastEndpoint / MulticastEndpoint / AllocatorBank: NoC places named by coordinates or by
// bank id, for experimental::Noc (experimental/endpoints.h at the pinned commit). Address arithmetic only.
#pragma once

#include "experimental/noc.h"

namespace experimental {

struct UnicastEndpoint {
    std::uint64_t get_noc_unicast_addr(std::uint32_t noc_x, std::uint32_t noc_y, std::uint32_t addr,
                                       std::uint8_t noc) const {
        return ::get_noc_addr(noc_x, noc_y, addr, noc);
    }
};

struct MulticastEndpoint {
    std::uint64_t get_noc_multicast_addr(std::uint32_t noc_x_start, std::uint32_t noc_y_start, std::uint32_t noc_x_end,
                                         std::uint32_t noc_y_end, std::uint32_t addr, std::uint8_t noc) const {
        return ::get_noc_multicast_addr(noc_x_start, noc_y_start, noc_x_end, noc_y_end, addr, noc);
    }
};

enum AllocatorBankType { L1, DRAM };

template <AllocatorBankType bank_type>
struct AllocatorBank {
    std::uint64_t get_noc_addr_from_bank_id(std::uint32_t bank_id, std::uint32_t addr, std::uint8_t noc) const {
        return ::get_noc_addr_from_bank_id<bank_type == AllocatorBankType::DRAM>(bank_id, addr, noc);
    }
};

// Coordinates + address; as a local L1 place only the address counts.
struct EndpointArgs {
    std::uint32_t noc_x{};
    std::uint32_t noc_y{};
    std::uint32_t addr{};
};

template <>
struct noc_traits_t<UnicastEndpoint> {
    using src_args_type = EndpointArgs;
    using dst_args_type = EndpointArgs;
    template <Noc::AddressType address_type>
    static auto src_addr(const UnicastEndpoint& endpoint, const Noc& noc, const src_args_type& args) {
        return address_of<address_type>(endpoint, noc, args);
    }
    template <Noc::AddressType address_type>
    static auto dst_addr(const UnicastEndpoint& endpoint, const Noc& noc, const dst_args_type& args) {
        return address_of<address_type>(endpoint, noc, args);
    }

private:
    template <Noc::AddressType address_type>
    static std::uint64_t address_of(const UnicastEndpoint& endpoint, const Noc& noc, const EndpointArgs& args) {
        if constexpr (address_type == Noc::AddressType::LOCAL_L1) {
            return args.addr;
        } else {
            return endpoint.get_noc_unicast_addr(args.noc_x, args.noc_y, args.addr, noc.get_noc_id());
        }
    }
};

template <>
struct noc_traits_t<MulticastEndpoint> {
    struct dst_args_mcast_type {
        std::uint32_t noc_x_start{};
        std::uint32_t noc_y_start{};
        std::uint32_t noc_x_end{};
        std::uint32_t noc_y_end{};
        std::uint32_t addr{};
    };
    template <Noc::AddressType address_type>
    static std::uint64_t dst_addr_mcast(const MulticastEndpoint& endpoint, const Noc& noc,
                                        const dst_args_mcast_type& args) {
        static_assert(address_type == Noc::AddressType::NOC);
        return endpoint.get_noc_multicast_addr(args.noc_x_start, args.noc_y_start, args.noc_x_end, args.noc_y_end,
                                               args.addr, noc.get_noc_id());
    }
};

struct BankArgs {
    std::uint32_t bank_id{};
    std::uint32_t addr{};
};

template <AllocatorBankType bank_type>
struct noc_traits_t<AllocatorBank<bank_type>> {
    using src_args_type = BankArgs;
    using dst_args_type = BankArgs;
    template <Noc::AddressType address_type>
    static std::uint64_t src_addr(const AllocatorBank<bank_type>& bank, const Noc& noc, const src_args_type& args) {
        static_assert(address_type == Noc::AddressType::NOC);
        return bank.get_noc_addr_from_bank_id(args.bank_id, args.addr, noc.get_noc_id());
    }
    template <Noc::AddressType address_type>
    static std::uint64_t dst_addr(const AllocatorBank<bank_type>& bank, const Noc& noc, const dst_args_type& args) {
        static_assert(address_type == Noc::AddressType::NOC);
        return bank.get_noc_addr_from_bank_id(args.bank_id, args.addr, noc.get_noc_id());
    }
};

}  // namespace experimental
