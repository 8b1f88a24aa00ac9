#!/usr/bin/env python3
"""Packs a directory as a one-layer OCI image archive that `ctr images import` takes, no registry or
Docker engine involved (hack/images.sh, hack/node-binaries.sh).

The layer holds the directory's tree owned by root (directories given with --owner excepted), with
fixed timestamps, so that the same tree always gives the same image digest. The archive's index
names the image with the full reference containerd's CRI looks up (docker.io/library/redis:7.2 for
redis:7.2), in the annotations ctr reads.
"""
import argparse
import hashlib
import io
import json
import os
import tarfile

EPOCH = 0


def normalized(name):
    """The reference as the CRI resolves it: docker.io and library/ when the name has no registry."""
    first, _, rest = name.partition("/")
    if not rest:
        return "docker.io/library/" + name
    if "." not in first and ":" not in first and first != "localhost":
        return "docker.io/" + name
    return name


def layer(root, owners):
    """The tree under root as an uncompressed tar, sorted, root-owned unless listed in owners."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for directory, subdirectories, files in os.walk(root):
            subdirectories.sort()
            for name in [""] + sorted(files) + subdirectories:
                path = os.path.join(directory, name) if name else directory
                if name in subdirectories and not os.path.islink(path):
                    continue  # added when os.walk enters it
                relative = os.path.relpath(path, root)
                if relative == ".":
                    continue
                info = tar.gettarinfo(path, arcname=relative)
                info.mtime = EPOCH
                info.uname = info.gname = ""
                info.uid, info.gid = owner(relative, owners)
                if info.isreg():
                    with open(path, "rb") as content:
                        tar.addfile(info, content)
                else:
                    tar.addfile(info)
    return buffer.getvalue()


def owner(relative, owners):
    for prefix, ids in owners.items():
        if relative == prefix or relative.startswith(prefix + "/"):
            return ids
    return 0, 0


def environment(pairs):
    """The image's variables: a PATH unless one is given, later pairs replacing earlier ones."""
    variables = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    for pair in pairs:
        key, _, value = pair.partition("=")
        variables[key] = value
    return variables


def blob(tar, data, media_type):
    digest = hashlib.sha256(data).hexdigest()
    info = tarfile.TarInfo("blobs/sha256/" + digest)
    info.size = len(data)
    info.mtime = EPOCH
    tar.addfile(info, io.BytesIO(data))
    return {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="the directory that becomes the image's file system")
    parser.add_argument("--name", required=True, action="append", help="the image reference, e.g. quay.io/keelson/shop:0.1.0; repeatable")
    parser.add_argument("--output", required=True, help="the OCI archive to write")
    parser.add_argument("--entrypoint", type=json.loads, default=[], help='a JSON array, e.g. ["/pause"]')
    parser.add_argument("--cmd", type=json.loads, default=[], help="a JSON array")
    parser.add_argument("--user", default="")
    parser.add_argument("--workdir", default="/")
    parser.add_argument("--env", action="append", default=[], help="NAME=value, repeatable")
    parser.add_argument("--owner", action="append", default=[], help="PATH=UID:GID for a path inside the image, repeatable")
    parser.add_argument("--port", action="append", default=[], help="an exposed port, e.g. 8080/tcp")
    args = parser.parse_args()

    owners = {}
    for entry in args.owner:
        path, _, ids = entry.partition("=")
        uid, _, gid = ids.partition(":")
        owners[path.strip("/")] = (int(uid), int(gid or uid))
    layer_data = layer(args.root, owners)
    diff_id = "sha256:" + hashlib.sha256(layer_data).hexdigest()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "Env": [key + "=" + value for key, value in environment(args.env).items()],
            "Entrypoint": args.entrypoint or None,
            "Cmd": args.cmd or None,
            "User": args.user,
            "WorkingDir": args.workdir,
            "ExposedPorts": {port: {} for port in args.port} or None,
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created_by": "hack/oci-image.py", "created": "1970-01-01T00:00:00Z"}],
        "created": "1970-01-01T00:00:00Z",
    }
    config["config"] = {key: value for key, value in config["config"].items() if value is not None}
    temporary = args.output + ".partial"
    with tarfile.open(temporary, mode="w", format=tarfile.PAX_FORMAT) as tar:
        layer_descriptor = blob(tar, layer_data, "application/vnd.oci.image.layer.v1.tar")
        config_descriptor = blob(tar, json.dumps(config, sort_keys=True).encode(), "application/vnd.oci.image.config.v1+json")
        manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "config": config_descriptor, "layers": [layer_descriptor]}
        manifest_descriptor = blob(tar, json.dumps(manifest, sort_keys=True).encode(), "application/vnd.oci.image.manifest.v1+json")
        manifest_descriptor["platform"] = {"architecture": "amd64", "os": "linux"}
        named = [dict(manifest_descriptor, annotations={"io.containerd.image.name": normalized(name),
                                                          "org.opencontainers.image.ref.name": normalized(name)})
                 for name in args.name]
        index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": named}
        for name, data in (("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'), ("index.json", json.dumps(index).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = EPOCH
            tar.addfile(info, io.BytesIO(data))
    os.replace(temporary, args.output)
    print(" ".join(normalized(name) for name in args.name), manifest_descriptor["digest"])


if __name__ == "__main__":
    main()
