package io.auditseal.tlog;

import java.util.HexFormat;
import java.util.List;

/**
 * The 8-leaf reference tree used across Certificate Transparency and transparency-dev/merkle test suites
 * (transparency-dev/merkle testonly/constants.go). Every hash can be reproduced by hand, for example the leaf hash
 * of leaf 2: {@code printf '\x00\x10' | sha256sum}, and the node over leaves 0-1:
 * {@code (printf '\x01'; printf '\x00' | sha256sum | xxd -r -p; printf '\x00\x00' | sha256sum | xxd -r -p) | sha256sum}.
 */
public final class ReferenceTree {

    private static final HexFormat HEX = HexFormat.of();

    /** Leaf inputs 0..7. */
    public static final List<byte[]> LEAVES = List.of(
            hex(""),
            hex("00"),
            hex("10"),
            hex("2021"),
            hex("3031"),
            hex("40414243"),
            hex("5051525354555657"),
            hex("606162636465666768696a6b6c6d6e6f"));

    /** Roots of the trees of the first n leaves, n = 0..8; ROOTS.get(0) is the empty tree's. */
    public static final List<byte[]> ROOTS = List.of(
            hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            hex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
            hex("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
            hex("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            hex("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
            hex("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
            hex("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
            hex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

    /** Hashes of the perfect subtrees, NODES.get(level).get(index); level 0 holds the leaf hashes. */
    public static final List<List<byte[]>> NODES = List.of(
            List.of(
                    hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                    hex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                    hex("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
                    hex("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
                    hex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                    hex("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
                    hex("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                    hex("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1")),
            List.of(
                    hex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
                    hex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                    hex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                    hex("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0")),
            List.of(
                    hex("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
                    hex("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            List.of(
                    hex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")));

    private ReferenceTree() {
    }

    public static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    public static List<byte[]> hexes(String... s) {
        return java.util.Arrays.stream(s).map(ReferenceTree::hex).toList();
    }

    public static String hex(byte[] b) {
        return HEX.formatHex(b);
    }
}
