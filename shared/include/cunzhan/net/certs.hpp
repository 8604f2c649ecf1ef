// A private CA and server certificates, made with OpenSSL's API (EC P-256, SHA-256):
// `hub cert` and the tests use it. Stations pin the CA; the server presents the leaf.
#pragma once
#include <string>
#include <vector>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::net {

struct key_pair_pem {
  std::string cert_pem;
  std::string key_pem;
};

// A self-signed CA certificate valid for `days`.
result<key_pair_pem> make_ca(const std::string& common_name, int days = 3650);
// A server certificate signed by the CA, with subjectAltName for each host: entries that
// parse as IPv4/IPv6 become IP SANs, the rest DNS SANs.
result<key_pair_pem> make_server_cert(const key_pair_pem& ca, const std::vector<std::string>& hosts,
                                      int days = 825);

}  // namespace cunzhan::net
