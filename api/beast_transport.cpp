#include "api/beast_transport.h"

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

// Owned by the transport. Sessions and handlers point at it without owning
// it: stop() joins every thread first, and the io_context then destroys the
// handlers still pending, whose sessions count themselves out of
// `connections`, so everything they touch is declared before `io`.
struct BeastTransport::Impl {
  const HttpApi& api;
  TransportOptions options;
  std::shared_ptr<spdlog::logger> log;
  std::atomic<size_t> connections{0};
  std::mutex tlsMutex;
  std::shared_ptr<ssl::context> tls;  // null: plain http
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::optional<net::thread_pool> writers;
  std::vector<std::thread> threads;

  std::shared_ptr<ssl::context> currentTls() {
    std::lock_guard<std::mutex> lock(tlsMutex);
    return tls;
  }

  Impl(const HttpApi& a, TransportOptions o, std::shared_ptr<spdlog::logger> l)
      : api(a), options(std::move(o)), log(std::move(l)), io(static_cast<int>(options.threads)) {}

  void accept();
};

namespace {

using ImplPtr = BeastTransport::Impl*;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection: read a request, answer it, repeat while it is kept alive.
// Over TLS the handshake comes first, bounded by the header timeout.
template <typename Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <typename... TlsContext>
  Session(tcp::socket socket, ImplPtr impl, TlsContext&... tls)
      : stream_(std::move(socket), tls...), impl_(std::move(impl)) {
    ++impl_->connections;
  }
  ~Session() { --impl_->connections; }

  // Serves the connection; with `refusal` (over the cap) answers it and closes.
  void start(std::optional<Response> refusal) {
    refusal_ = std::move(refusal);
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      lowest().expires_after(impl_->options.headerTimeout);
      stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
        if (ec) return self->close();
        self->begin();
      });
    } else {
      begin();
    }
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  // The client's address, asked of the socket once per connection.
  const std::string& peerAddress() {
    if (!peerAddress_) {
      beast::error_code ignored;
      auto peer = lowest().socket().remote_endpoint(ignored);
      peerAddress_ = ignored ? std::string() : peer.address().to_string();
    }
    return *peerAddress_;
  }

  void begin() {
    if (refusal_) return send(std::move(*refusal_), false);
    readHeader(impl_->options.headerTimeout);
  }

  void readHeader(std::chrono::milliseconds deadline) {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(impl_->options.maxHeaderBytes));
    parser_->body_limit(impl_->options.maxBodyBytes);
    lowest().expires_after(deadline);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, size_t) { self->onHeader(ec); });
  }

  void onHeader(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset) {
      return close();
    }
    // A timeout (idle, or a request that never completes) has closed the
    // socket already: there is no one left to answer.
    if (ec == beast::error::timeout) return close();
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
    lowest().expires_after(impl_->options.bodyTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code e, size_t) { self->onBody(e); });
  }

  void onBody(beast::error_code ec) {
    if (ec == http::error::body_limit) return bodyTooLarge();
    if (ec) return close();
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
    auto self = this->shared_from_this();
    bool reads = request.method == "GET" || head || request.method == "OPTIONS";
    if (!reads) {
      return net::post(*impl_->writers, [self, request = std::move(request), keepAlive]() mutable {
        self->handle(std::move(request), keepAlive, false);
      });
    }
    handle(std::move(request), keepAlive, head);
  }

  // Lets HttpApi answer. The answer may come later from another thread (a
  // long-poll, a change on the write pool): it is written from this
  // connection's strand, inline when already there, and the connection reads
  // nothing more until then.
  void handle(Request request, bool keepAlive, bool head) {
    auto self = this->shared_from_this();
    auto answer = [self, keepAlive](Response response) {
      net::dispatch(self->stream_.get_executor(), [self, keepAlive, response = std::move(response)]() mutable {
        self->send(std::move(response), keepAlive);
      });
    };
    try {
      impl_->api.handle(std::move(request), [answer, head](Response response) {
        if (head) response.body.clear();
        answer(std::move(response));
      });
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
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) out->set(name, value);
    if (!response.contentType.empty()) out->set(http::field::content_type, response.contentType);
    out->body() = std::move(response.body);
    out->keep_alive(keepAlive);
    out->prepare_payload();
    lowest().expires_after(impl_->options.bodyTimeout);
    http::async_write(stream_, *out, [self = this->shared_from_this(), out, keepAlive](beast::error_code ec, size_t) {
      if (ec || !keepAlive) return self->close();
      self->readHeader(self->impl_->options.keepAliveTimeout);
    });
  }

  void close() {
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().close();
  }

  Stream stream_;
  std::optional<Response> refusal_;
  std::optional<std::string> peerAddress_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  ImplPtr impl_;
};

}  // namespace

void BeastTransport::Impl::accept() {
  acceptor.async_accept(net::make_strand(io), [self = this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;  // stopping
    if (ec) {
      // Out of descriptors, most likely: wait a moment rather than spin.
      self->log->warn("accepting a connection failed: {}", ec.message());
      auto timer = std::make_shared<net::steady_timer>(self->io, std::chrono::milliseconds(100));
      timer->async_wait([self, timer](beast::error_code) { self->accept(); });
      return;
    }
    // Counted from here: the session's constructor takes its place.
    std::optional<Response> refusal;
    if (self->connections + 1 > self->options.maxConnections) {
      refusal = transportProblem(
          503, "tooManyConnections", "Too many connections",
          "the service holds " + std::to_string(self->options.maxConnections) + " connections already; retry shortly");
    }
    if (auto tls = self->currentTls()) {
      std::make_shared<Session<TlsStream>>(std::move(socket), self, *tls)->start(std::move(refusal));
    } else {
      std::make_shared<Session<PlainStream>>(std::move(socket), self)->start(std::move(refusal));
    }
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
    tcp::resolver resolver(impl_->io);
    auto endpoint = resolver.resolve(host, port, tcp::resolver::passive)->endpoint();
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(net::socket_base::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen(net::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + impl_->options.listenUrl + ": " + e.what());
  }
  impl_->accept();
  impl_->writers.emplace(std::max<size_t>(1, impl_->options.writeThreads));
  for (size_t i = 0; i < impl_->options.threads; ++i) {
    impl_->threads.emplace_back([impl = impl_.get()] { impl->io.run(); });
  }
}

void BeastTransport::stop() {
  if (impl_->threads.empty()) return;
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
  impl_->api.releaseWaits();
  impl_->writers->join();  // requests being handled finish first
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace cf::api
