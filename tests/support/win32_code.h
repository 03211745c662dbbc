// The Win32 code a backend call fails with, or 0 when it succeeds: lets a
// test state a Windows rule as one line.
#pragma once

#include <cstdint>

#include "orchestration/model/win32_error.h"

namespace cf::test {

template <typename Call>
uint32_t win32CodeOf(Call call) {
  try {
    call();
    return 0;
  } catch (const BackendFailure& failure) {
    return failure.error().code;
  }
}

}  // namespace cf::test
