// The Windows SecretBox (DPAPI) under Wine.
#include <gtest/gtest.h>

#include "service/win/dpapi_secret_box_win.h"

namespace cf::service::win {
namespace {

TEST(DpapiSecretBox, SealsAndOpens) {
  DpapiSecretBox box;
  std::string key = "Q2xvdWRXaXRuZXNzU2VjcmV0S2V5MTIzNDU2Nzg5MA==";
  std::string sealed = box.seal(key);
  EXPECT_EQ(sealed.rfind("dpapi1:", 0), 0u);
  EXPECT_EQ(sealed.find(key), std::string::npos);
  EXPECT_EQ(box.open(sealed), key);
}

TEST(DpapiSecretBox, RefusesWhatItDidNotSealOrWhatWasChanged) {
  DpapiSecretBox box;
  std::string sealed = box.seal("secret");
  // A byte of the signature that ends every DPAPI blob.
  std::string changed = sealed;
  size_t at = sealed.size() - 6;
  changed[at] = changed[at] == 'A' ? 'B' : 'A';
  EXPECT_THROW(box.open(changed), SecretUnavailable);
  EXPECT_THROW(box.open("v1:abcd"), SecretUnavailable);  // the Linux form
  EXPECT_THROW(box.open("dpapi1:!!!"), SecretUnavailable);
}

}  // namespace
}  // namespace cf::service::win
