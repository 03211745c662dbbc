// The client verbs of the binary (`clusterforge apply|get|wait|report|
// cancel`): a CLI over a running service's REST API, for operators who would
// otherwise use curl. A job is followed with long-polls (Prefer: wait), shown
// as it moves (cli_progress.h). Exit codes: 0 done (the job succeeded), 1 the
// job failed or was canceled or the service refused the request (the problem
// is printed), 2 a bad command line or file, 3 the service cannot be reached.
#pragma once

#include <ostream>

#include "api/http_client.h"
#include "service/cli_arguments.h"

namespace cf::service {

int runClientCommand(const ClientArguments& args, api::HttpClient& http, std::ostream& out, std::ostream& err,
                     bool terminal);

}  // namespace cf::service
