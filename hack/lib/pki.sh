# Sourced by hack/local-cluster.sh and hack/real-node.sh: certificates signed by a local cluster's
# CA, and kubeconfigs with them.

# A key and a certificate signed by the CA in the folder, valid 30 days: pki/name.key and pki/name.crt.
sign() { # pki-folder name subject [subjectAltName]
  local pki=$1 name=$2
  openssl req -newkey rsa:2048 -nodes -subj "$3" -keyout "$pki/$name.key" -out "$pki/$name.csr" 2>/dev/null
  if [[ -n "${4:-}" ]]; then printf 'subjectAltName=%s\n' "$4" > "$pki/$name.ext"; else : > "$pki/$name.ext"; fi
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 30 \
    -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
}

# A kubeconfig for the cluster's API server on loopback, as the user whose certificate pki/user.crt is.
kubeconfig_for() { # pki-folder cluster-name port user
  cat <<KC
apiVersion: v1
kind: Config
clusters:
- name: $2
  cluster: {server: "https://127.0.0.1:$3", certificate-authority: "$1/ca.crt"}
users:
- name: $4
  user: {client-certificate: "$1/$4.crt", client-key: "$1/$4.key"}
contexts:
- name: $2
  context: {cluster: $2, user: $4}
current-context: $2
KC
}
