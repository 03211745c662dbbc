// SecretBox for Windows: DPAPI (CryptProtectData) in the scope of the
// account the service runs as (its gMSA), so only that account on that
// machine can open what it sealed, and no key file lies beside the data. A
// sealed secret is "dpapi1:" + base64 of the protected blob; a blob that was
// changed, or sealed by another account, does not open.
#pragma once

#include <string>

#include "orchestration/jobs/secret_box.h"

namespace cf::service::win {

class DpapiSecretBox : public SecretBox {
 public:
  std::string seal(const std::string& plain) override;
  std::string open(const std::string& sealed) override;
};

}  // namespace cf::service::win
