#include "orchestration/backends/clusapi/property_list.h"

#include <stdexcept>

#include "orchestration/backends/clusapi/utf16.h"

namespace cf::clusapi {

namespace {

void putDword(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void pad(std::vector<uint8_t>& out) {
  while (out.size() % 4 != 0) out.push_back(0);
}

// A UTF-16 string with its NUL, as a syntax/length/data entry.
void putString(std::vector<uint8_t>& out, uint32_t syntax, const std::string& utf8) {
  std::u16string text = toUtf16(utf8);
  putDword(out, syntax);
  putDword(out, static_cast<uint32_t>((text.size() + 1) * 2));
  for (char16_t c : text) {
    out.push_back(static_cast<uint8_t>(c & 0xFF));
    out.push_back(static_cast<uint8_t>(c >> 8));
  }
  out.push_back(0);
  out.push_back(0);
  pad(out);
}

class Reader {
 public:
  explicit Reader(const std::vector<uint8_t>& bytes) : bytes_(bytes) {}

  uint32_t dword() {
    need(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(bytes_[at_ + static_cast<size_t>(i)]) << (8 * i);
    at_ += 4;
    return v;
  }

  // `length` bytes of UTF-16 ending in NUL, then the padding.
  std::string string(uint32_t length) {
    if (length < 2 || length % 2 != 0) throw std::invalid_argument("a string value has an odd or empty length");
    need(length);
    std::u16string text;
    for (uint32_t i = 0; i + 2 < length; i += 2) {
      text.push_back(static_cast<char16_t>(bytes_[at_ + i] | (bytes_[at_ + i + 1] << 8)));
    }
    if (bytes_[at_ + length - 2] != 0 || bytes_[at_ + length - 1] != 0) {
      throw std::invalid_argument("a string value is not NUL-terminated");
    }
    skip(length);
    return toUtf8(text);
  }

  void skip(uint32_t length) {
    size_t padded = (static_cast<size_t>(length) + 3) & ~static_cast<size_t>(3);
    need(padded);
    at_ += padded;
  }

 private:
  void need(size_t n) const {
    if (at_ + n > bytes_.size()) throw std::invalid_argument("the property list is truncated");
  }
  const std::vector<uint8_t>& bytes_;
  size_t at_ = 0;
};

}  // namespace

std::vector<uint8_t> encodePropertyList(const std::vector<Property>& properties) {
  std::vector<uint8_t> out;
  putDword(out, static_cast<uint32_t>(properties.size()));
  for (const auto& p : properties) {
    if (p.values.empty()) throw std::invalid_argument("property " + p.name + " has no value");
    putString(out, kSyntaxName, p.name);
    for (const auto& v : p.values) {
      if (const auto* dword = std::get_if<uint32_t>(&v)) {
        putDword(out, kSyntaxListValueDword);
        putDword(out, 4);
        putDword(out, *dword);
      } else {
        putString(out, kSyntaxListValueSz, std::get<std::string>(v));
      }
    }
    putDword(out, kSyntaxEndmark);
  }
  return out;
}

std::vector<Property> decodePropertyList(const std::vector<uint8_t>& bytes) {
  Reader in(bytes);
  uint32_t count = in.dword();
  if (count > bytes.size() / 12) throw std::invalid_argument("the property count exceeds what the buffer can hold");
  std::vector<Property> out;
  for (uint32_t i = 0; i < count; ++i) {
    if (in.dword() != kSyntaxName) throw std::invalid_argument("a property does not start with its name");
    Property p;
    p.name = in.string(in.dword());
    for (uint32_t syntax = in.dword(); syntax != kSyntaxEndmark; syntax = in.dword()) {
      uint32_t length = in.dword();
      // In place: GCC 12 at -O3 wrongly warns about a moved-from variant temporary.
      if (syntax == kSyntaxListValueDword && length == 4) p.values.emplace_back(std::in_place_index<0>, in.dword());
      else if (syntax == kSyntaxListValueSz) p.values.emplace_back(std::in_place_index<1>, in.string(length));
      else in.skip(length);  // a syntax this client does not use: step over it
    }
    out.push_back(std::move(p));
  }
  return out;
}

namespace {
template <typename T>
std::optional<T> first(const std::vector<Property>& list, const std::string& name) {
  for (const auto& p : list) {
    if (p.name != name) continue;
    for (const auto& v : p.values) {
      if (const auto* value = std::get_if<T>(&v)) return *value;
    }
  }
  return std::nullopt;
}
}  // namespace

std::optional<uint32_t> dwordProperty(const std::vector<Property>& list, const std::string& name) {
  return first<uint32_t>(list, name);
}

std::optional<std::string> stringProperty(const std::vector<Property>& list, const std::string& name) {
  return first<std::string>(list, name);
}

}  // namespace cf::clusapi
