// What the platform offers, as constants the options can check against; part
// of the platform seam (platform.h), split out so options.h can use it.
#pragma once

namespace cf::service::platform {

#ifdef _WIN32
// http.sys serves TLS with the certificate bound by `netsh http add sslcert`,
// and applies its own request limits to the cpprestsdk listener above it.
// Elsewhere the Beast transport serves TLS with --tls-cert and --tls-key.
inline constexpr bool kTlsByHttpSys = true;
inline constexpr bool kHasClusapi = true;
inline constexpr const char* kDefaultTransport = "cpprest";
#else
inline constexpr bool kTlsByHttpSys = false;
inline constexpr bool kHasClusapi = false;
inline constexpr const char* kDefaultTransport = "beast";
#endif

}  // namespace cf::service::platform
