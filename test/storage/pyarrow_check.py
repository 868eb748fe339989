"""Conformance check of spyts trial files against pyarrow (used by pyarrow.test.ts, opt-in).

  python pyarrow_check.py read MANIFEST   -- open every file the manifest lists, validate, compare values
  python pyarrow_check.py write DIR       -- write pyarrow files for spyts' reader, print their manifest
"""
import json
import sys

import pyarrow as pa
import pyarrow.ipc as ipc

REAL = {"float32": pa.float32(), "float64": pa.float64(), "complex64": pa.float32(), "complex128": pa.float64(),
        "int8": pa.int8(), "int16": pa.int16(), "int32": pa.int32(), "uint8": pa.uint8(), "uint16": pa.uint16(),
        "uint32": pa.uint32()}


def read(manifest_path):
    entries = json.load(open(manifest_path))
    checks = 0
    for e in entries:
        for source in (e["file"], pa.memory_map(e["file"], "r")):
            reader = ipc.open_file(source)
            table = reader.read_all()
            table.validate(full=True)
            for i in range(reader.num_record_batches):
                reader.get_batch(i).validate(full=True)
            assert table.column_names == ["trial"], table.column_names
            typ = table.schema.field("trial").type
            assert typ.value_type == REAL[e["dtype"]], (e["file"], typ)
            assert pa.types.is_fixed_size_list(typ) if e["fixed"] else pa.types.is_list(typ), (e["file"], typ)
            md = table.schema.metadata
            for k, v in e["metadata"].items():
                assert md[k.encode()] == v.encode(), (e["file"], k)
            assert json.loads(md[b"spyts.storage"])["dtype"] == e["dtype"]
            assert table.num_rows == len(e["trials"]), (e["file"], table.num_rows)
            column = table.column("trial")
            for k, expected_hex in enumerate(e["trials"]):
                values = column[k].values
                width = values.type.bit_width // 8
                got = values.buffers()[1].to_pybytes()[values.offset * width:(values.offset + len(values)) * width]
                assert got == bytes.fromhex(expected_hex), (e["file"], k)
            checks += 1
        # bytes 8 .. footer are a valid IPC stream (schema message first, EOS last)
        data = open(e["file"], "rb").read()
        footer_len = int.from_bytes(data[-10:-6], "little", signed=True)
        stream = ipc.open_stream(pa.py_buffer(data[8:len(data) - 10 - footer_len])).read_all()
        assert stream.num_rows == len(e["trials"])
        checks += 1
    print(f"pyarrow {pa.__version__}: {checks} checks passed on {len(entries)} files")


def write(out_dir):
    def put(name, arr, info, batch):
        table = pa.table({"trial": arr})
        if info is not None:
            table = table.replace_schema_metadata({"spyts.storage": json.dumps(info)})
        path = f"{out_dir}/{name}.arrow"
        with ipc.new_file(path, table.schema) as f:
            for b in table.to_batches(max_chunksize=batch):
                f.write_batch(b)
        return path

    manifest = [
        {"file": put("py-list", pa.array([[1.5, 2, 3, 4], [], [5, 6]], pa.list_(pa.float64())),
                     {"version": 1, "dtype": "float64", "tailShape": [2], "trialsPerBatch": 2, "trialLength": None}, 2),
         "dtype": "float64", "shapes": [[2, 2], [0, 2], [1, 2]], "values": [1.5, 2, 3, 4, 5, 6]},
        {"file": put("py-large", pa.array([[1, 2], [3, 4, 5, -6]], pa.large_list(pa.int16())),
                     {"version": 1, "dtype": "int16", "tailShape": [2], "trialsPerBatch": 1, "trialLength": None}, 1),
         "dtype": "int16", "shapes": [[1, 2], [2, 2]], "values": [1, 2, 3, 4, 5, -6]},
        {"file": put("py-fixed", pa.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]], pa.list_(pa.float32(), 3)), None, 2),
         "dtype": "float32", "shapes": [[3], [3], [3]], "values": [1, 2, 3, 4, 5, 6, 7, 8, 9]},
        {"file": put("py-complex", pa.array([[1, -1, 2, -2]], pa.list_(pa.float32())),
                     {"version": 1, "dtype": "complex64", "tailShape": [], "trialsPerBatch": 1, "trialLength": None}, 1),
         "dtype": "complex64", "shapes": [[2]], "values": [1, -1, 2, -2]},
    ]
    print(json.dumps(manifest))


if __name__ == "__main__":
    {"read": read, "write": write}[sys.argv[1]](sys.argv[2])
