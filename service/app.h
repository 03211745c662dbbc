// The composition root: builds every part from the Options, in dependency
// order, and takes them down in reverse. start() leaves the service accepting
// requests with unfinished jobs resumed; stop() stops accepting, lets running
// steps reach a checkpoint (bounded by the shutdown grace), and closes the
// database.
#pragma once

#include <memory>

#include "service/options.h"

namespace cf::service {

class App {
 public:
  explicit App(Options options);
  ~App();

  // Throws std::runtime_error with a message for the operator when a part
  // cannot start (database, lab file, listen address).
  void start();
  // Returns false when running steps did not stop within the grace period.
  bool stop();
  // Reads the TLS certificate and key again; on failure logs why and keeps
  // serving with the ones it has.
  void reloadCertificates();

 private:
  struct Parts;
  Options options_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace cf::service
