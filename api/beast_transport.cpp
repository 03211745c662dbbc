#include "api/beast_transport.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <type_traits>
#include <optional>
#include <thread>
#include <vector>

#include <openssl/ssl.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "api/request_target.h"

namespace cf::api {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

namespace {

std::string text(beast::string_view view) { return std::string(view.data(), view.size()); }

// "http://HOST:PORT" (HOST may be [v6]) as host and port; the options have
// checked the shape already.
std::pair<std::string, std::string> hostAndPort(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  auto colon = rest.rfind(':');
  std::string host = rest.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, rest.substr(colon + 1)};
}

// TLS 1.2 and later only, with the certificate chain and key from PEM files.
std::shared_ptr<ssl::context> tlsContext(const std::string& certFile, const std::string& keyFile) {
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  context->use_certificate_chain_file(certFile);
  context->use_private_key_file(keyFile, ssl::context::pem);
  return context;
}

}  // namespace

// One io_context per request thread, each run by its thread alone: a
// connection lives on one of them, so its handlers never run concurrently and
// need no strand, and a request costs no hand-over between threads. Timeouts
// are deadlines a sweep of each loop checks, not a timer armed and cancelled
// around every read and write.
struct Loop {
  net::io_context io{1};
  net::steady_timer sweeper{io};
  // Touched on this loop's thread only; expired entries are dropped by the sweep.
  std::vector<std::weak_ptr<struct Deadlined>> connections;
};

// A connection the sweep closes once its deadline passes.
struct Deadlined {
  virtual ~Deadlined() = default;
  virtual void timedOut() = 0;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// Owned by the transport. Sessions and handlers point at it without owning
// it: stop() joins every thread first, and the loops then destroy the
// handlers still pending, whose sessions count themselves out of
// `connections`, so everything they touch is declared before `loops`.
struct BeastTransport::Impl {
  const HttpApi& api;
  TransportOptions options;
  std::shared_ptr<spdlog::logger> log;
  std::atomic<size_t> connections{0};
  std::mutex tlsMutex;
  std::shared_ptr<ssl::context> tls;  // null: plain http
  std::vector<std::unique_ptr<Loop>> loops;
  std::optional<tcp::acceptor> acceptor;  // on loops[0]
  size_t nextLoop = 0;                    // the accept handler's alone
  std::optional<net::thread_pool> writers;
  std::vector<std::thread> threads;

  std::shared_ptr<ssl::context> currentTls() {
    std::lock_guard<std::mutex> lock(tlsMutex);
    return tls;
  }

  Impl(const HttpApi& a, TransportOptions o, std::shared_ptr<spdlog::logger> l)
      : api(a), options(std::move(o)), log(std::move(l)) {
    for (size_t i = 0; i < std::max<size_t>(1, options.threads); ++i) loops.push_back(std::make_unique<Loop>());
  }

  // A tenth of the shortest timeout, within [10 ms, 1 s]: a deadline is
  // acted on at most that late.
  std::chrono::milliseconds sweepPeriod() const {
    auto shortest = std::min({options.headerTimeout, options.bodyTimeout, options.keepAliveTimeout});
    return std::clamp(shortest / 10, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  }

  void accept();
  void sweep(Loop& loop);
};

namespace {

using ImplPtr = BeastTransport::Impl*;

using Socket = net::basic_stream_socket<tcp, net::io_context::executor_type>;
using PlainStream = Socket;
using TlsStream = ssl::stream<Socket>;

// One connection: read a request, answer it, repeat while it is kept alive.
// Over TLS the handshake comes first, bounded by the header timeout.
template <typename Stream>
class Session : public Deadlined, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <typename... TlsContext>
  Session(Socket socket, ImplPtr impl, TlsContext&... tls) : stream_(std::move(socket), tls...), impl_(impl) {}
  ~Session() override { --impl_->connections; }

  // Serves the connection; with `refusal` (over the cap) answers it and closes.
  void start(std::optional<Response> refusal) {
    refusal_ = std::move(refusal);
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      expireIn(impl_->options.headerTimeout);
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->close();
        self->begin();
      });
    } else {
      begin();
    }
  }

  // Past its deadline: the pending read or write ends with an error and the
  // connection with it. There is no one left to answer.
  void timedOut() override {
    timedOut_ = true;
    close();
  }

 private:
  Socket& lowest() { return beast::get_lowest_layer(stream_); }

  void expireIn(std::chrono::milliseconds timeout) { deadline = std::chrono::steady_clock::now() + timeout; }

  // The client's address, asked of the socket once per connection.
  const std::string& peerAddress() {
    if (!peerAddress_) {
      beast::error_code ignored;
      auto peer = lowest().remote_endpoint(ignored);
      peerAddress_ = ignored ? std::string() : peer.address().to_string();
    }
    return *peerAddress_;
  }

  void begin() {
    if (refusal_) return send(std::move(*refusal_), false);
    readHeader(impl_->options.headerTimeout);
  }

  void readHeader(std::chrono::milliseconds timeout) {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(impl_->options.maxHeaderBytes));
    parser_->body_limit(impl_->options.maxBodyBytes);
    expireIn(timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, size_t) { self->onHeader(ec); });
  }

  void onHeader(beast::error_code ec) {
    if (timedOut_ || ec == http::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::connection_reset) {
      return close();
    }
    if (ec == http::error::body_limit) return bodyTooLarge();  // a Content-Length over the limit
    if (ec == http::error::header_limit) {
      return send(transportProblem(431, "headersTooLarge", "Request header fields too large",
                                   "the request line and headers may be at most " +
                                       std::to_string(impl_->options.maxHeaderBytes) + " bytes"),
                  false);
    }
    if (ec) {
      return send(transportProblem(400, "malformedRequest", "Malformed request",
                                   "the request is not HTTP/1.x this service can read: " + ec.message()),
                  false);
    }
    auto& request = parser_->get();
    if (request.target().size() > impl_->options.maxUrlBytes) {
      return send(transportProblem(
                      414, "uriTooLong", "URI too long",
                      "the request target may be at most " + std::to_string(impl_->options.maxUrlBytes) + " bytes"),
                  false);
    }
    auto length = parser_->content_length();
    if (length && *length > impl_->options.maxBodyBytes) return bodyTooLarge();
    if (beast::iequals(request[http::field::expect], "100-continue")) {
      http::response<http::empty_body> proceed{http::status::continue_, request.version()};
      beast::error_code ignored;
      http::write(stream_, proceed, ignored);
    }
    if (parser_->is_done()) return onBody({});  // no body: nothing more to wait for
    expireIn(impl_->options.bodyTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code e, size_t) { self->onBody(e); });
  }

  void onBody(beast::error_code ec) {
    if (!timedOut_ && ec == http::error::body_limit) return bodyTooLarge();
    if (ec) return close();
    // No deadline while HttpApi answers: a long-poll waits as long as it asked.
    deadline = std::chrono::steady_clock::time_point::max();
    auto message = parser_->release();
    Request request;
    request.method = text(message.method_string());
    auto target = parseRequestTarget(text(message.target()));
    if (!target) {
      return send(transportProblem(400, "malformedRequest", "Malformed request",
                                   "the request target is not a path with valid percent-encoding"),
                  false);
    }
    request.path = std::move(target->path);
    request.query = std::move(target->query);
    for (const auto& field : message)
      request.headers.insert(normalizedHeader(text(field.name_string()), text(field.value())));
    request.body = std::move(message.body());
    request.clientAddress = peerAddress();
    bool keepAlive = message.keep_alive();
    bool head = message.method() == http::verb::head;
    // A change waits for its commit on the write pool (TransportOptions).
    bool reads = request.method == "GET" || head || request.method == "OPTIONS";
    if (!reads) {
      return net::post(*impl_->writers,
                       [self = this->shared_from_this(), request = std::move(request), keepAlive]() mutable {
                         self->handle(std::move(request), keepAlive, false);
                       });
    }
    handle(std::move(request), keepAlive, head);
  }

  // Lets HttpApi answer. The answer may come later from another thread (a
  // long-poll, a change on the write pool): it is written on this
  // connection's loop, inline when already there, and the connection reads
  // nothing more until then.
  void handle(Request request, bool keepAlive, bool head) {
    auto answer = [self = this->shared_from_this(), keepAlive, head](Response response) {
      if (head) response.body.clear();
      auto executor = self->stream_.get_executor();
      net::dispatch(executor, [self, keepAlive, response = std::move(response)]() mutable {
        self->send(std::move(response), keepAlive);
      });
    };
    try {
      impl_->api.handle(std::move(request), answer);
    } catch (...) {
      // HttpApi contains its own failures; this is the last line.
      answer(transportProblem(500, "internalError", "Internal error", "the request could not be handled"));
    }
  }

  void bodyTooLarge() {
    send(transportProblem(413, "payloadTooLarge", "Request body too large",
                          "the body may be at most " + std::to_string(impl_->options.maxBodyBytes) + " bytes"),
         false);
  }

  void send(Response response, bool keepAlive) {
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) response_.set(name, value);
    if (!response.contentType.empty()) response_.set(http::field::content_type, response.contentType);
    response_.body() = std::move(response.body);
    response_.keep_alive(keepAlive);
    response_.prepare_payload();
    expireIn(impl_->options.bodyTimeout);
    http::async_write(stream_, response_, [self = this->shared_from_this(), keepAlive](beast::error_code ec, size_t) {
      if (ec || !keepAlive) return self->close();
      self->readHeader(self->impl_->options.keepAliveTimeout);
    });
  }

  void close() {
    deadline = std::chrono::steady_clock::time_point::max();
    beast::error_code ignored;
    lowest().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().close(ignored);
  }

  Stream stream_;
  ImplPtr impl_;
  bool timedOut_ = false;
  std::optional<Response> refusal_;
  std::optional<std::string> peerAddress_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
};

}  // namespace

void BeastTransport::Impl::sweep(Loop& loop) {
  auto now = std::chrono::steady_clock::now();
  auto& all = loop.connections;
  all.erase(std::remove_if(all.begin(), all.end(),
                           [now](const std::weak_ptr<Deadlined>& entry) {
                             auto connection = entry.lock();
                             if (!connection) return true;
                             if (connection->deadline <= now) connection->timedOut();
                             return false;
                           }),
            all.end());
  loop.sweeper.expires_after(sweepPeriod());
  loop.sweeper.async_wait([this, &loop](beast::error_code ec) {
    if (!ec) sweep(loop);
  });
}

void BeastTransport::Impl::accept() {
  // Connections take the loops in turn, and are served on theirs from the start.
  Loop& loop = *loops[nextLoop++ % loops.size()];
  acceptor->async_accept(loop.io.get_executor(), [self = this, &loop](beast::error_code ec, Socket socket) {
    if (ec == net::error::operation_aborted) return;  // stopping
    if (ec) {
      // Out of descriptors, most likely: wait a moment rather than spin.
      self->log->warn("accepting a connection failed: {}", ec.message());
      auto timer = std::make_shared<net::steady_timer>(self->loops[0]->io, std::chrono::milliseconds(100));
      timer->async_wait([self, timer](beast::error_code) { self->accept(); });
      return;
    }
    // Counted from here: the session's destructor counts it out.
    std::optional<Response> refusal;
    if (++self->connections > self->options.maxConnections) {
      refusal = transportProblem(
          503, "tooManyConnections", "Too many connections",
          "the service holds " + std::to_string(self->options.maxConnections) + " connections already; retry shortly");
    }
    net::post(loop.io, [self, &loop, tls = self->currentTls(), refusal = std::move(refusal),
                        socket = std::move(socket)]() mutable {
      auto serve = [&](auto session) {
        loop.connections.push_back(session);
        session->start(std::move(refusal));
      };
      if (tls) serve(std::make_shared<Session<TlsStream>>(std::move(socket), self, *tls));
      else serve(std::make_shared<Session<PlainStream>>(std::move(socket), self));
    });
    self->accept();
  });
}

BeastTransport::BeastTransport(const HttpApi& api, TransportOptions options, std::shared_ptr<spdlog::logger> log)
    : impl_(std::make_unique<Impl>(api, std::move(options), std::move(log))) {}

BeastTransport::~BeastTransport() { stop(); }

void BeastTransport::reloadCertificates() {
  if (impl_->options.tlsCertFile.empty()) return;
  auto fresh = tlsContext(impl_->options.tlsCertFile, impl_->options.tlsKeyFile);  // throws: the old one stays
  std::lock_guard<std::mutex> lock(impl_->tlsMutex);
  impl_->tls = std::move(fresh);
}

void BeastTransport::start() {
  auto [host, port] = hostAndPort(impl_->options.listenUrl);
  if (!impl_->options.tlsCertFile.empty()) {
    try {
      impl_->tls = tlsContext(impl_->options.tlsCertFile, impl_->options.tlsKeyFile);
    } catch (const std::exception& e) {
      throw std::runtime_error("cannot load the TLS certificate " + impl_->options.tlsCertFile + " or key " +
                               impl_->options.tlsKeyFile + ": " + e.what());
    }
  }
  try {
    auto& io = impl_->loops[0]->io;
    tcp::resolver resolver(io);
    auto endpoint = resolver.resolve(host, port, tcp::resolver::passive)->endpoint();
    auto& acceptor = impl_->acceptor.emplace(io);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + impl_->options.listenUrl + ": " + e.what());
  }
  impl_->accept();
  impl_->writers.emplace(std::max<size_t>(1, impl_->options.writeThreads));
  for (auto& loop : impl_->loops) {
    impl_->sweep(*loop);
    impl_->threads.emplace_back([&io = loop->io] { io.run(); });
  }
}

void BeastTransport::stop() {
  if (impl_->threads.empty()) return;
  beast::error_code ignored;
  impl_->acceptor->close(ignored);
  impl_->api.releaseWaits();
  impl_->writers->join();  // requests being handled finish first
  for (auto& loop : impl_->loops) loop->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace cf::api
