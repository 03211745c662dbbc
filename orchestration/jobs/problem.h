// Problem objects (RFC 9457) as plain JSON, shared by HTTP answers and by the
// `error` field of failed jobs so that both read the same way. `code` is the
// stable, machine-readable name a client switches on; `type` is derived from it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "orchestration/model/win32_error.h"

namespace cf {

nlohmann::json makeProblem(const std::string& code, const std::string& title, int status, const std::string& detail);

// {"code", "name", "transient"}: how every answer shows a Win32 error.
nlohmann::json win32Json(const BackendError& error);

// A job failure caused by a backend error: keeps the Win32 code and name.
nlohmann::json backendProblem(const BackendError& error, const std::string& step, int attempts);

}  // namespace cf
