// Builds the server and client TLS contexts and applies per-connection host checks.
#include "tls_context.hpp"

#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <boost/asio/ip/address.hpp>

namespace cunzhan::net {
namespace {

// Mozilla "intermediate" (v5.7) TLS 1.2 suites; TLS 1.3 suites are OpenSSL's defaults,
// which already match the recommendation.
constexpr const char* k_intermediate_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

error tls_fail(const std::string& what) {
  return error(errc::tls_error, what + ": " + last_tls_error(), "TLS 配置错误：" + what);
}

}  // namespace

// Asio's strict parser (IPv4 or IPv6): inet_pton where there is one, the same rules on Windows.
bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  return !ec;
}

std::string last_tls_error(SSL* ssl) {
  std::string out;
  if (ssl) {
    long v = SSL_get_verify_result(ssl);
    if (v != X509_V_OK) out = X509_verify_cert_error_string(v);
  }
  while (unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown TLS error" : out;
}

result<std::shared_ptr<ssl::context>> make_server_tls_context(const std::string& cert_file,
                                                              const std::string& key_file) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  SSL_CTX* h = ctx->native_handle();
  ERR_clear_error();
  if (SSL_CTX_set_min_proto_version(h, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(h, TLS1_3_VERSION) != 1)
    return tls_fail("cannot restrict protocol versions");
  // Intermediate profile: the client's cipher preference wins (it knows if it has AES-NI).
  SSL_CTX_set_options(h, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_set_cipher_list(h, k_intermediate_ciphers) != 1) return tls_fail("cipher list");
  if (SSL_CTX_set1_groups_list(h, "X25519:P-256") != 1) return tls_fail("groups");
  if (SSL_CTX_use_certificate_chain_file(h, cert_file.c_str()) != 1)
    return tls_fail("cannot load certificate " + cert_file);
  if (SSL_CTX_use_PrivateKey_file(h, key_file.c_str(), SSL_FILETYPE_PEM) != 1)
    return tls_fail("cannot load key " + key_file);
  if (SSL_CTX_check_private_key(h) != 1) return tls_fail("key does not match certificate");
  return ctx;
}

result<std::shared_ptr<ssl::context>> make_client_tls_context(const std::string& ca_pem) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  SSL_CTX* h = ctx->native_handle();
  ERR_clear_error();
  if (SSL_CTX_set_min_proto_version(h, TLS1_2_VERSION) != 1) return tls_fail("protocol versions");
  SSL_CTX_set_options(h, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION);
  if (SSL_CTX_set_cipher_list(h, k_intermediate_ciphers) != 1) return tls_fail("cipher list");
  // Only the pinned CA: never set_default_verify_paths, so a public CA cannot vouch for the hub.
  boost::system::error_code ec;
  ctx->add_certificate_authority(boost::asio::buffer(ca_pem), ec);
  if (ec || ca_pem.empty()) return tls_fail("cannot load the pinned CA");
  ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  SSL_CTX_set_session_cache_mode(h, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  return ctx;
}

bool set_peer_name(SSL* ssl, const std::string& name) {
  if (is_ip_literal(name)) {
    // No SNI for IP literals (RFC 6066); the certificate must carry the IP as a SAN.
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.c_str()) == 1;
  }
  if (SSL_set_tlsext_host_name(ssl, name.c_str()) != 1) return false;
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return SSL_set1_host(ssl, name.c_str()) == 1;
}

}  // namespace cunzhan::net
