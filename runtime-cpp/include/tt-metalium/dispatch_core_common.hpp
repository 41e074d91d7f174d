// DispatchCoreConfig: accepted by device creation; the emulator has no dispatch cores to configure.
#pragma once

namespace tt::tt_metal {
enum class DispatchCoreType { WORKER, ETH, COUNT };
enum class DispatchCoreAxis { ROW, COL, COUNT };
struct DispatchCoreConfig {
    DispatchCoreConfig() = default;
    DispatchCoreConfig(DispatchCoreType type_) : type(type_) {}  // NOLINT
    DispatchCoreConfig(DispatchCoreType type_, DispatchCoreAxis axis_) : type(type_), axis(axis_) {}
    DispatchCoreType type = DispatchCoreType::WORKER;
    DispatchCoreAxis axis = DispatchCoreAxis::ROW;
};
}  // namespace tt::tt_metal
