// Seals secrets (a cloud witness access key) before they are stored, and
// opens them when a step needs them. A sealed secret is opaque text, safe to
// keep in the database; only the SecretBox that sealed it opens it. The
// implementation (a key file and AES-GCM on Linux, DPAPI on Windows) belongs
// to the service host.
#pragma once

#include <stdexcept>
#include <string>

namespace cf {

class SecretBox {
 public:
  virtual ~SecretBox() = default;
  virtual std::string seal(const std::string& plain) = 0;
  // Throws SecretUnavailable when `sealed` cannot be opened (wrong key, tampered).
  virtual std::string open(const std::string& sealed) = 0;
};

class SecretUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cf
