// TLS behaviour of the server and client: certificates, round trips, pinning, host names,
// protocol versions and session resumption.
#include <catch2/catch.hpp>

#include "cunzhan/shared/compress.hpp"
#include "net_fixture.hpp"

using namespace cunzhan;
using namespace cunzhan::test;

TEST_CASE("certs: CA and server certificate carry IP and DNS SANs", "[net][tls]") {
  tls_fixture f({"127.0.0.1", "hub.example"});
  auto r = run({"/usr/bin/openssl", "x509", "-in", f.cert_file, "-noout", "-text"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("IP Address:127.0.0.1") != std::string::npos);
  CHECK(r.out.find("DNS:hub.example") != std::string::npos);
  CHECK(r.out.find("CA:FALSE") != std::string::npos);
  auto v = run({"/usr/bin/openssl", "verify", "-CAfile", f.ca_file, f.cert_file});
  CHECK(v.exit_code == 0);
}

TEST_CASE("tls: client round-trips a zstd POST and gets a compressed echo", "[net][tls]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  net::https_client client(f.client_opts(srv.port()));
  std::string payload;
  for (int i = 0; i < 2000; ++i) payload += "listing " + std::to_string(i) + " 土豆 ";
  std::string packed = zstd_compress(payload);
  auto r = client.request("POST", "/v1/echo?a=1", {{"content-encoding", "zstd"}}, packed);
  REQUIRE(r.ok());
  CHECK(r->status == 200);
  CHECK(r->body == payload);
  REQUIRE(r->header("x-wire-bytes"));
  CHECK(*r->header("x-wire-bytes") == std::to_string(packed.size()));
  REQUIRE(r->header("content-encoding"));
  CHECK(*r->header("content-encoding") == "zstd");  // the reply was compressed on the wire
  CHECK(r->wire_bytes < payload.size());
  CHECK(client.bytes_sent() > packed.size());
}

TEST_CASE("tls: a client pinned to another CA is refused", "[net][tls]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  auto other = net::make_ca("Someone Else");
  REQUIRE(other.ok());
  auto o = f.client_opts(srv.port());
  o.ca_pem = other->cert_pem;
  net::https_client client(o);
  auto r = client.request("GET", "/", {}, "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::tls_error);
  CHECK(srv.handler->handles == 0);
}

TEST_CASE("tls: a certificate for another host name is refused", "[net][tls]") {
  tls_fixture f({"other.example"});
  running_server srv(f.server_opts());
  net::https_client client(f.client_opts(srv.port()));
  auto r = client.request("GET", "/", {}, "");
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::tls_error);
  // The same certificate is fine when the expected name is the one it was made for.
  auto o = f.client_opts(srv.port());
  o.server_name = "other.example";
  net::https_client named(o);
  auto ok = named.request("GET", "/", {}, "");
  REQUIRE(ok.ok());
  CHECK(ok->status == 200);
}

TEST_CASE("tls: TLS 1.1 is refused and TLS 1.2 accepted", "[net][tls]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  std::string addr = "127.0.0.1:" + std::to_string(srv.port());
  auto old =
      run({"/usr/bin/openssl", "s_client", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-connect", addr});
  CHECK(old.exit_code != 0);
  INFO(old.err);
  CHECK(old.err.find("protocol version") != std::string::npos);  // refused by the server
  auto v12 = run({"/usr/bin/openssl", "s_client", "-tls1_2", "-connect", addr, "-CAfile", f.ca_file,
                  "-verify_return_error"});
  CHECK(v12.exit_code == 0);
  CHECK(v12.out.find("TLSv1.2") != std::string::npos);
}

TEST_CASE("tls: a session saved by one client is resumed by the next", "[net][tls]") {
  tls_fixture f;
  running_server srv(f.server_opts());
  std::string blob;
  {
    net::https_client first(f.client_opts(srv.port()));
    auto r = first.request("GET", "/", {}, "");
    REQUIRE(r.ok());
    CHECK_FALSE(first.session_reused());
    blob = first.session_blob();
  }
  REQUIRE_FALSE(blob.empty());
  auto o = f.client_opts(srv.port());
  o.session_blob = blob;
  net::https_client second(o);
  auto r = second.request("GET", "/", {}, "");
  REQUIRE(r.ok());
  CHECK(second.session_reused());
  // A garbled blob only costs a full handshake.
  o.session_blob = "garbage";
  net::https_client third(o);
  REQUIRE(third.request("GET", "/", {}, "").ok());
  CHECK_FALSE(third.session_reused());
}

TEST_CASE("parse_https_url and percent decoding", "[net]") {
  std::string host;
  unsigned short port = 0;
  CHECK(net::parse_https_url("https://hub.example:9443", host, port));
  CHECK(host == "hub.example");
  CHECK(port == 9443);
  CHECK(net::parse_https_url("https://10.0.0.1/", host, port));
  CHECK(port == 443);
  CHECK_FALSE(net::parse_https_url("http://hub.example", host, port));
  CHECK_FALSE(net::parse_https_url("https://hub:99999", host, port));
  std::string out;
  CHECK(net::percent_decode("a%20b+c", out, true));
  CHECK(out == "a b c");
  CHECK_FALSE(net::percent_decode("bad%2", out, false));
  std::map<std::string, std::string> q;
  CHECK(net::parse_query("since=x%2Fy&limit=5", q));
  CHECK(q["since"] == "x/y");
  CHECK(q["limit"] == "5");
}
