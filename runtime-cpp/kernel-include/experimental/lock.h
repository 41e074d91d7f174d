// experimental::Lock: a scope guard that runs a release action when it goes out of scope
// (experimental/lock.h at the pinned commit). The emulator's release actions do nothing.
#pragma once

#include <utility>

namespace experimental {

template <typename Release>
class Lock {
public:
    explicit Lock(Release release) : release_(std::move(release)) {}
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;
    ~Lock() { release_(); }

private:
    Release release_;
};

}  // namespace experimental
