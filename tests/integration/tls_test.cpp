// https on Linux, served by the Beast transport: curl with --cacert talks to
// it, TLS 1.0 and 1.1 are refused while 1.2 is taken, and SIGHUP makes it
// serve a replaced certificate. (Windows serves https through http.sys.)
#include <gtest/gtest.h>

#include <signal.h>

#include <thread>

#include "tests/integration/service_process.h"
#include "tests/support/temp_dir.h"

namespace cf::test {
namespace {

using namespace std::chrono_literals;

// A self-signed certificate for 127.0.0.1 whose subject is CN=<name>.
void makeCertificate(const std::string& cert, const std::string& key, const std::string& name) {
  auto made = runShell("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -keyout '" + key + "' -out '" + cert +
                       "' -subj '/CN=" + name + "' -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost'");
  ASSERT_EQ(made.exitCode, 0) << made.output;
}

// What openssl s_client sees of the server with these options.
CommandResult handshake(int port, const std::string& options) {
  return runShell("openssl s_client -connect 127.0.0.1:" + std::to_string(port) + " " + options + " </dev/null");
}

class Tls : public ::testing::Test {
 protected:
  TempDir dir;
  std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
  std::unique_ptr<ServiceProcess> service;

  void SetUp() override {
    if (ServiceProcess::transport() != "beast") GTEST_SKIP() << "https on Linux is the Beast transport's";
    makeCertificate(cert, key, "first");
    service = std::make_unique<ServiceProcess>(dir.path(), std::vector<std::string>{"--sim-delay-ms", "0"});
    service->useHttps(cert, key);
    service->start();
  }
  std::string url(const std::string& path) { return "https://127.0.0.1:" + std::to_string(service->port()) + path; }
};

TEST_F(Tls, CurlWithTheCaTalksToTheService) {
  auto health = runShell("curl -s --cacert '" + cert + "' " + url("/healthz"));
  EXPECT_EQ(health.exitCode, 0) << health.output;
  EXPECT_NE(health.output.find("\"status\":\"ok\""), std::string::npos) << health.output;
  auto jobs = runShell("curl -s -o /dev/null -w '%{http_code}' --cacert '" + cert + "' -H 'Authorization: Bearer " +
                       service->adminToken() + "' " + url("/v1/jobs"));
  EXPECT_EQ(jobs.output, "200");
  // Without trusting the certificate, curl refuses to talk.
  EXPECT_NE(runShell("curl -s " + url("/healthz")).exitCode, 0);
}

TEST_F(Tls, OnlyTls12AndLaterAreTaken) {
  // SECLEVEL=0 lets this client offer the old versions; refusing them is the server's doing.
  EXPECT_NE(handshake(service->port(), "-tls1 -cipher 'DEFAULT@SECLEVEL=0'").output.find("Cipher is (NONE)"),
            std::string::npos);
  EXPECT_NE(handshake(service->port(), "-tls1_1 -cipher 'DEFAULT@SECLEVEL=0'").output.find("Cipher is (NONE)"),
            std::string::npos);
  auto modern = handshake(service->port(), "-tls1_2");
  EXPECT_NE(modern.output.find("Protocol  : TLSv1.2"), std::string::npos) << modern.output;
}

TEST_F(Tls, SighupServesAReplacedCertificate) {
  EXPECT_NE(handshake(service->port(), "").output.find("subject=CN = first"), std::string::npos);
  makeCertificate(cert, key, "second");
  service->signal(SIGHUP);
  std::string seen;
  for (int i = 0; i < 50 && seen.find("subject=CN = second") == std::string::npos; ++i) {
    std::this_thread::sleep_for(100ms);
    seen = handshake(service->port(), "").output;
  }
  EXPECT_NE(seen.find("subject=CN = second"), std::string::npos) << seen;
  EXPECT_TRUE(service->running());
}

}  // namespace
}  // namespace cf::test
