// Absolute URLs for Location and Operation-Location. A portal behind a proxy,
// or one that follows Operation-Location as Azure's long-running-operation
// pattern does, needs them absolute: built from --public-url when the
// service is published under another address, else from the listener's
// scheme and the request's Host when that is a plain host[:port] (anything
// else is not echoed back, and the URL stays relative).
#pragma once

#include <string>

#include "api/http_types.h"

namespace cf::api {

// "https://clusterforge.contoso.local:8443" (no trailing slash), or "" when
// neither --public-url nor a usable Host says where the service is.
std::string baseUrlOf(const Request& request, const std::string& publicUrl, const std::string& scheme);

// Prefixes relative Location and Operation-Location headers with `base`.
void makeLocationsAbsolute(Response& response, const std::string& base);

}  // namespace cf::api
