// TLS settings in one place: the server context (TLS 1.2/1.3, Mozilla "intermediate"),
// the client context (pinned CA only, no system store) and per-connection peer checks.
#pragma once
#include <boost/asio/ssl/context.hpp>

#include <openssl/ssl.h>

#include <string>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::net {

namespace ssl = boost::asio::ssl;

// Loads the certificate chain and key; TLS 1.2+ with intermediate ciphers and X25519:P-256.
result<std::shared_ptr<ssl::context>> make_server_tls_context(const std::string& cert_file,
                                                              const std::string& key_file);
// Trusts only ca_pem; verification on; client-side session cache without internal store
// (new sessions reach the caller through SSL_CTX_sess_set_new_cb).
result<std::shared_ptr<ssl::context>> make_client_tls_context(const std::string& ca_pem);
// Sets SNI (DNS names only) and the expected host name or IP on one connection.
bool set_peer_name(SSL* ssl, const std::string& name);
bool is_ip_literal(const std::string& host);
// The OpenSSL error queue (or the verify result) as one line, for error details.
std::string last_tls_error(SSL* ssl = nullptr);

}  // namespace cunzhan::net
