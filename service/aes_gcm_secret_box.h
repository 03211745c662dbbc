// SecretBox for Linux: AES-256-GCM with a key kept in a file of the data
// directory (created with mode 0600 on first use). A sealed secret is
// "v1:" + base64(nonce | ciphertext | tag); a wrong key or a changed byte
// fails to open instead of yielding garbage. Windows uses DPAPI instead.
#pragma once

#include <string>

#include "orchestration/jobs/secret_box.h"

namespace cf::service {

class AesGcmSecretBox : public SecretBox {
 public:
  // Throws std::runtime_error when the key file cannot be read or created.
  explicit AesGcmSecretBox(const std::string& keyFile);

  std::string seal(const std::string& plain) override;
  std::string open(const std::string& sealed) override;

 private:
  std::string key_;  // 32 bytes
};

}  // namespace cf::service
