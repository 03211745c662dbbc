// The one lab every export of the test double serves: the simulator over the
// lab file named by CLUSTERFORGE_DOUBLE_LAB, read once per load of the DLL.
// When CLUSTERFORGE_DOUBLE_STATE names a file, every change is saved there,
// so the stand-in powershell.exe (another process) sees what ClusAPI changed.
#pragma once

#include <windows.h>

#include <string>

#include "orchestration/backends/simulated/simulated_backend.h"
#include "orchestration/model/win32_error.h"

namespace cf::test {

sim::SimulatedBackend& doubleLab();
OperationContext doubleContext();

std::string narrow(LPCWSTR text);

// Runs a lab call and answers with its Win32 code, as the Windows function would.
template <typename Call>
DWORD asWin32(Call call) {
  try {
    call();
    return ERROR_SUCCESS;
  } catch (const BackendFailure& f) {
    return f.error().code;
  } catch (const std::exception&) {
    return ERROR_INVALID_PARAMETER;
  }
}

}  // namespace cf::test
