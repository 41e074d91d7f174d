// The pool of 32-bit kernel views of emulated L1 (see l1_kernel_views.hpp). Must not know about programs.
#include "l1_kernel_views.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "emu/fault.hpp"

namespace emu {

namespace {

constexpr std::size_t kViewAlignment = 2u << 20;

struct KernelView {
    std::uint8_t* mapping = nullptr;  // PROT_NONE reservation, one alignment unit larger than the view
    std::size_t mapping_size = 0;
    std::uint8_t* base = nullptr;     // aligned start, where the owner's memfd is mapped
    std::size_t size = 0;
    const void* owner = nullptr;      // device whose L1 is mapped here, or nullptr
    int borrows = 0;                  // running programs of that device using the view
};

std::mutex views_mutex;
std::condition_variable view_returned;
std::vector<KernelView> views;
constexpr auto kHangGuard = std::chrono::seconds(120);

// Replaces whatever the view maps by an inaccessible reservation (drops the reference to a memfd).
void unmap_owner(KernelView& view) {
    mmap(view.base, view.size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    view.owner = nullptr;
}

KernelView* reserve_new_view(std::size_t size) {
    const std::size_t mapping_size = size + kViewAlignment;
    void* mapping =
        mmap(nullptr, mapping_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT | MAP_NORESERVE, -1, 0);
    if (mapping == MAP_FAILED) return nullptr;
    KernelView view;
    view.mapping = static_cast<std::uint8_t*>(mapping);
    view.mapping_size = mapping_size;
    const auto address = reinterpret_cast<std::uintptr_t>(mapping);
    view.base = reinterpret_cast<std::uint8_t*>((address + kViewAlignment - 1) / kViewAlignment * kViewAlignment);
    view.size = size;
    views.push_back(view);
    return &views.back();
}

KernelView* find_view(const void* owner) {
    for (auto& view : views) {
        if (view.owner == owner) return &view;
    }
    return nullptr;
}

// A view to rebind: an unowned one, else a new reservation, else the idle view of another device.
KernelView* free_view(std::size_t size) {
    for (auto& view : views) {
        if (view.owner == nullptr && view.size >= size) return &view;
    }
    if (KernelView* view = reserve_new_view(size)) return view;
    for (auto& view : views) {
        if (view.borrows == 0 && view.size >= size) return &view;
    }
    return nullptr;
}

}  // namespace

std::uint8_t* borrow_kernel_view(const void* owner, int fd, std::size_t size, bool wait) {
    std::unique_lock lock(views_mutex);
    if (KernelView* view = find_view(owner)) {
        ++view->borrows;
        return view->base;
    }
    KernelView* view = free_view(size);
    if (view == nullptr && wait) {
        view_returned.wait_for(lock, kHangGuard, [&] { return (view = free_view(size)) != nullptr; });
    }
    if (view == nullptr) {
        if (!wait) return nullptr;
        throw Fault("configuration",
                    fmt::format("cannot show one more device's L1 below 2 GiB: programs on {} other devices have "
                                "held every view for {} s (each needs {} MiB of 32-bit address space). Run fewer "
                                "meshes at the same time (Finish one before enqueueing on the next)",
                                views.size(), kHangGuard.count(), size >> 20));
    }
    if (mmap(view->base, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
        const int error = errno;
        unmap_owner(*view);
        throw Fault("configuration",
                    fmt::format("cannot map a device's L1 below 2 GiB (MAP_32BIT): {}", std::strerror(error)));
    }
    view->owner = owner;
    view->borrows = 1;
    return view->base;
}

void return_kernel_view(const void* owner) {
    std::lock_guard lock(views_mutex);
    if (KernelView* view = find_view(owner); view != nullptr && view->borrows > 0 && --view->borrows == 0) {
        view_returned.notify_all();
    }
}

void forget_kernel_view(const void* owner) {
    std::lock_guard lock(views_mutex);
    if (KernelView* view = find_view(owner)) {
        unmap_owner(*view);
        view->borrows = 0;
        view_returned.notify_all();
    }
}

}  // namespace emu
