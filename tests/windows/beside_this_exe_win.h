// The path of a file in the folder of the running test executable, where the
// build places the probe service and the clusapi.dll double.
#pragma once

#include <windows.h>

#include <string>

namespace cf::test {

inline std::wstring besideThisExe(const std::wstring& file) {
  wchar_t path[MAX_PATH];
  GetModuleFileNameW(nullptr, path, MAX_PATH);
  std::wstring dir(path);
  return dir.substr(0, dir.find_last_of(L"\\/") + 1) + file;
}

}  // namespace cf::test
