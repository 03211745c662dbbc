#include "service/win/dpapi_secret_box_win.h"

#include <windows.h>
#include <wincrypt.h>

#include <stdexcept>

#include "orchestration/common/base64.h"

namespace cf::service::win {

namespace {

const std::string kPrefix = "dpapi1:";

// What CryptProtectData and CryptUnprotectData allocate, freed however the scope is left.
struct Blob {
  DATA_BLOB data{0, nullptr};
  ~Blob() {
    if (data.pbData) LocalFree(data.pbData);
  }
  std::string bytes() const { return std::string(reinterpret_cast<const char*>(data.pbData), data.cbData); }
};

DATA_BLOB view(const std::string& bytes) {
  return DATA_BLOB{static_cast<DWORD>(bytes.size()), reinterpret_cast<BYTE*>(const_cast<char*>(bytes.data()))};
}

}  // namespace

std::string DpapiSecretBox::seal(const std::string& plain) {
  DATA_BLOB in = view(plain);
  Blob out;
  if (!CryptProtectData(&in, L"ClusterForge secret", nullptr, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out.data)) {
    throw std::runtime_error("sealing a secret with DPAPI failed (Win32 error " + std::to_string(GetLastError()) + ")");
  }
  return kPrefix + base64Encode(out.bytes());
}

std::string DpapiSecretBox::open(const std::string& sealed) {
  if (sealed.compare(0, kPrefix.size(), kPrefix) != 0) throw SecretUnavailable("not a DPAPI-sealed secret");
  auto bytes = base64Decode(sealed.substr(kPrefix.size()));
  if (!bytes || bytes->empty()) throw SecretUnavailable("the sealed secret is damaged");
  DATA_BLOB in = view(*bytes);
  Blob out;
  if (!CryptUnprotectData(&in, nullptr, nullptr, nullptr, nullptr, CRYPTPROTECT_UI_FORBIDDEN, &out.data)) {
    throw SecretUnavailable("the sealed secret does not open for this account (Win32 error " +
                            std::to_string(GetLastError()) + ")");
  }
  return out.bytes();
}

}  // namespace cf::service::win
