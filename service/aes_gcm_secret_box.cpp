#include "service/aes_gcm_secret_box.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>
#include <openssl/rand.h>

namespace cf::service {

namespace {

constexpr size_t kKeyBytes = 32, kNonceBytes = 12, kTagBytes = 16;
const std::string kPrefix = "v1:";

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::string randomBytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw std::runtime_error("no random bytes from OpenSSL");
  }
  return out;
}

std::string toBase64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string fromBase64(const std::string& text) {
  if (text.empty() || text.size() % 4 != 0) throw SecretUnavailable("the sealed secret is damaged");
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) throw SecretUnavailable("the sealed secret is damaged");
  size_t padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : text.back() == '=' ? 1 : 0;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

}  // namespace

AesGcmSecretBox::AesGcmSecretBox(const std::string& keyFile) {
  std::ifstream in(keyFile, std::ios::binary);
  if (in) {
    key_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (key_.size() != kKeyBytes) throw std::runtime_error("secret key file " + keyFile + " is damaged");
    return;
  }
  key_ = randomBytes(kKeyBytes);
  int fd = ::open(keyFile.c_str(), O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
  if (fd < 0 || ::write(fd, key_.data(), key_.size()) != static_cast<ssize_t>(key_.size()) || ::fsync(fd) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot create secret key file " + keyFile);
  }
  ::close(fd);
}

std::string AesGcmSecretBox::seal(const std::string& plain) {
  std::string nonce = randomBytes(kNonceBytes);
  std::string cipher(plain.size(), '\0'), tag(kTagBytes, '\0');
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0;
  bool ok =
      ctx &&
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key_.data()),
                         reinterpret_cast<const unsigned char*>(nonce.data())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(cipher.data()), &n,
                        reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(cipher.data()) + n, &n) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1;
  if (!ok) throw std::runtime_error("sealing a secret failed");
  return kPrefix + toBase64(nonce + cipher + tag);
}

std::string AesGcmSecretBox::open(const std::string& sealed) {
  if (sealed.compare(0, kPrefix.size(), kPrefix) != 0) throw SecretUnavailable("not a sealed secret");
  std::string bytes = fromBase64(sealed.substr(kPrefix.size()));
  if (bytes.size() < kNonceBytes + kTagBytes) throw SecretUnavailable("the sealed secret is damaged");
  std::string nonce = bytes.substr(0, kNonceBytes);
  std::string tag = bytes.substr(bytes.size() - kTagBytes);
  std::string cipher = bytes.substr(kNonceBytes, bytes.size() - kNonceBytes - kTagBytes);
  std::string plain(cipher.size(), '\0');
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0;
  bool ok =
      ctx &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, reinterpret_cast<const unsigned char*>(key_.data()),
                         reinterpret_cast<const unsigned char*>(nonce.data())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &n,
                        reinterpret_cast<const unsigned char*>(cipher.data()), static_cast<int>(cipher.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + n, &n) == 1;
  if (!ok) throw SecretUnavailable("the sealed secret does not open with this service's key");
  return plain;
}

}  // namespace cf::service
