// Globals every compute kernel sees: ALWI, the UNPACK/MATH/PACK role macros and the ckernel enums.
// In the emulator one thread plays all three TRISC roles, so UNPACK((x)), MATH((x)) and PACK((x)) all
// expand to x. Enum names and values follow tt-llk's llk_defs.h. No behaviour lives here.
#pragma once

#include <cstdint>

#include "compute_kernel_api/emu_engine.h"
#include "emu/kernel_common.h"
#include "hostdevcommon/kernel_structs.h"

#ifndef ALWI
#define ALWI inline __attribute__((always_inline))
#endif

#ifndef UNPACK
#define UNPACK(x) x
#endif
#ifndef MATH
#define MATH(x) x
#endif
#ifndef PACK
#define PACK(x) x
#endif

// Legacy entry point `namespace NAMESPACE { void MAIN { ... } }`; the JIT may define both itself.
#ifndef NAMESPACE
#define NAMESPACE emu_compute_kernel
#endif
#ifndef MAIN
#define MAIN compute_main()
#endif

namespace ckernel {

enum VectorMode { None = 0, R = 1, C = 2, RC = 4, RC_custom = 6, Invalid = 0xFF };
enum ReduceDim { REDUCE_ROW, REDUCE_COL, REDUCE_SCALAR };
enum PoolType { SUM, AVG, MAX };
enum DataCopyType { A2D, B2D };
enum EltwiseBinaryType { ELWMUL, ELWDIV, ELWADD, ELWSUB, ELWLESS };
enum class EltwiseBinaryReuseDestType { NONE = 0, DEST_TO_SRCA = 1, DEST_TO_SRCB = 2 };
enum DstSync { SyncHalf = 0, SyncFull = 1 };
enum BroadcastType { NONE = 0x0, COL = 0x1, ROW = 0x2, SCALAR = 0x3 };

namespace p_sfpu {
constexpr uint16_t kCONST_1_FP16B = 0x3F80;  // 1.0 as bfloat16 bits
}

// Mapping from the tt-llk enums to the engine's.
constexpr emu::compute::BinaryOp emu_binary_op(EltwiseBinaryType type) {
    return type == ELWADD ? emu::compute::BinaryOp::Add
         : type == ELWSUB ? emu::compute::BinaryOp::Sub
                          : emu::compute::BinaryOp::Mul;
}
constexpr bool emu_binary_op_supported(EltwiseBinaryType type) {
    return type == ELWADD || type == ELWSUB || type == ELWMUL;
}
constexpr emu::compute::Broadcast emu_broadcast(BroadcastType type) {
    return type == COL ? emu::compute::Broadcast::Col
         : type == ROW ? emu::compute::Broadcast::Row
         : type == SCALAR ? emu::compute::Broadcast::Scalar
                          : emu::compute::Broadcast::None;
}

}  // namespace ckernel

using namespace ckernel;
