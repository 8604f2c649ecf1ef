// Makes the private CA and the hub's server certificates with OpenSSL 3 (EC P-256, SHA-256).
#include "cunzhan/net/certs.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "tls_context.hpp"

namespace cunzhan::net {
namespace {

// RAII for the handful of OpenSSL objects used here; the deleters are the library's own.
struct pkey_free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct x509_free {
  void operator()(X509* p) const { X509_free(p); }
};
struct bio_free {
  void operator()(BIO* p) const { BIO_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;
using bio_ptr = std::unique_ptr<BIO, bio_free>;

error ssl_fail(const char* what) {
  return error(errc::tls_error, std::string("certificate: ") + what, std::string("证书：") + what);
}

std::string bio_string(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return std::string(data, n > 0 ? static_cast<std::size_t>(n) : 0);
}

result<std::string> key_to_pem(EVP_PKEY* key) {
  bio_ptr b(BIO_new(BIO_s_mem()));
  if (!b || PEM_write_bio_PrivateKey(b.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return ssl_fail("cannot encode key");
  return bio_string(b.get());
}

result<std::string> cert_to_pem(X509* cert) {
  bio_ptr b(BIO_new(BIO_s_mem()));
  if (!b || PEM_write_bio_X509(b.get(), cert) != 1) return ssl_fail("cannot encode certificate");
  return bio_string(b.get());
}

// One X509v3 extension from its config-style text ("critical,CA:TRUE"), issuer-aware
// so subject/authority key identifiers resolve.
bool add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (!ext) return false;
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return ok == 1;
}

// A fresh certificate shell: v3, random 128-bit serial, validity, subject CN, public key.
x509_ptr new_cert(EVP_PKEY* key, const std::string& cn, int days) {
  x509_ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), 2) != 1) return nullptr;
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return nullptr;
  serial[0] &= 0x7f;  // keep the serial positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  bool ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  if (!ok) return nullptr;
  // Backdate an hour so a station whose clock is slightly behind still accepts it.
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(days) * 86400L);
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0) != 1)
    return nullptr;
  if (X509_set_pubkey(cert.get(), key) != 1) return nullptr;
  return cert;
}

}  // namespace

result<key_pair_pem> make_ca(const std::string& common_name, int days) {
  pkey_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return ssl_fail("key generation failed");
  x509_ptr cert = new_cert(key.get(), common_name, days);
  if (!cert) return ssl_fail("cannot build CA certificate");
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())) != 1 ||
      !add_ext(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE,pathlen:0") ||
      !add_ext(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign") ||
      !add_ext(cert.get(), cert.get(), NID_subject_key_identifier, "hash") ||
      X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
    return ssl_fail("cannot sign CA certificate");
  auto cert_pem = cert_to_pem(cert.get());
  auto key_pem = key_to_pem(key.get());
  if (!cert_pem) return cert_pem.err();
  if (!key_pem) return key_pem.err();
  return key_pair_pem{std::move(*cert_pem), std::move(*key_pem)};
}

result<key_pair_pem> make_server_cert(const key_pair_pem& ca, const std::vector<std::string>& hosts,
                                      int days) {
  if (hosts.empty())
    return error(errc::invalid_argument, "certificate needs at least one host", "证书至少需要一个主机名");
  bio_ptr cb(BIO_new_mem_buf(ca.cert_pem.data(), static_cast<int>(ca.cert_pem.size())));
  bio_ptr kb(BIO_new_mem_buf(ca.key_pem.data(), static_cast<int>(ca.key_pem.size())));
  x509_ptr ca_cert(cb ? PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr) : nullptr);
  pkey_ptr ca_key(kb ? PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!ca_cert || !ca_key) return ssl_fail("cannot read CA certificate or key");

  pkey_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return ssl_fail("key generation failed");
  x509_ptr cert = new_cert(key.get(), hosts.front(), days);
  if (!cert) return ssl_fail("cannot build server certificate");

  std::string san;
  for (const auto& h : hosts) {
    if (h.empty() || h.find(',') != std::string::npos) return ssl_fail("bad host name");
    if (!san.empty()) san += ',';
    san += (is_ip_literal(h) ? "IP:" : "DNS:") + h;
  }
  if (X509_set_issuer_name(cert.get(), X509_get_subject_name(ca_cert.get())) != 1 ||
      !add_ext(cert.get(), ca_cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !add_ext(cert.get(), ca_cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !add_ext(cert.get(), ca_cert.get(), NID_ext_key_usage, "serverAuth") ||
      !add_ext(cert.get(), ca_cert.get(), NID_subject_key_identifier, "hash") ||
      !add_ext(cert.get(), ca_cert.get(), NID_authority_key_identifier, "keyid:always") ||
      !add_ext(cert.get(), ca_cert.get(), NID_subject_alt_name, san) ||
      X509_sign(cert.get(), ca_key.get(), EVP_sha256()) <= 0)
    return ssl_fail("cannot sign server certificate");
  auto cert_pem = cert_to_pem(cert.get());
  auto key_pem = key_to_pem(key.get());
  if (!cert_pem) return cert_pem.err();
  if (!key_pem) return key_pem.err();
  return key_pair_pem{std::move(*cert_pem), std::move(*key_pem)};
}

}  // namespace cunzhan::net
