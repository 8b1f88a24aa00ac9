# Sourced by hack/run-local.sh and hack/real-node-e2e.sh: what both do on a real node's cluster
# (waiting for it, Keelson installed from deploy/, the quickstart, stopping it), and the shop run
# there for real. The caller defines kubectl (the cluster's), kubectl_bin, kubeconfig, run_dir, ok
# and fail.

wait_for() { # seconds description command...
  local seconds=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    (( $(date +%s) < deadline )) || fail "$what (after ${seconds}s)"
    sleep 1
  done
  ok "$what"
}
ready() { # namespace kind name
  [[ "$(kubectl get -n "$1" "$2" "$3" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}
restricted_namespace() { # name
  kubectl create namespace "$1" >/dev/null
  kubectl label namespace "$1" pod-security.kubernetes.io/enforce=restricted >/dev/null
}
# Volumes for the data services' claims, directories of the node's (writable by the pods' users, as
# a local-path provisioner makes them).
node_volumes() { # count
  local i dir
  for i in $(seq 1 "$1"); do
    dir="$run_dir/node/volumes/$i"
    mkdir -p "$dir" && chmod 0777 "$dir"
    printf 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: node-volume-%s}\nspec:\n  capacity: {storage: 1Ti}\n' "$i"
    printf '  accessModes: [ReadWriteOnce]\n  persistentVolumeReclaimPolicy: Retain\n  hostPath: {path: %s}\n---\n' "$dir"
  done | kubectl apply --server-side -f - >/dev/null
}

# Keelson as a user installs it: the CRDs, then deploy/keelson-operator.yaml, rolled out.
install_keelson() {
  kubectl apply --server-side -f crds/ >/dev/null
  kubectl wait --for=condition=Established crd --all --timeout=60s >/dev/null
  kubectl apply --server-side -f deploy/keelson-operator.yaml >/dev/null
  kubectl rollout status -n keelson-system deployment/keelson-operator --timeout=240s || fail "the operator's Deployment did not roll out"
}

# samples/quickstart.yaml, unchanged, in namespace demo (Pod Security "restricted"), Ready.
quickstart_in_demo() {
  restricted_namespace demo
  kubectl apply --server-side -n demo -f samples/quickstart.yaml >/dev/null
  wait_for 180 "the quickstart's Platform demo is Ready" ready demo platforms.platform.keelson.dev demo
  wait_for 180 "the quickstart's Service hello is Ready: its real pods pass their probes" ready demo services.platform.keelson.dev hello
}

# Stops the cluster and fails (returns 1) when hack/real-node.sh found the machine changed.
real_cluster_down() { # name
  local rc=0
  hack/local-cluster.sh down "$1" || rc=1
  if [[ -f "$run_dir.real-node-diff" ]]; then
    echo "the machine was not left as it was:" >&2; cat "$run_dir.real-node-diff" >&2; rm -f "$run_dir.real-node-diff"; rc=1
  fi
  return $rc
}

# The shop in namespace shop: samples/shop/'s Services and WorkerPools on a Platform of this cluster.
# Its Kafka is external to the cluster, as spec.kafka always is: a real broker on this machine
# (in-process KRaft, the tests' own), listening on the node's address the pods reach. The mail the
# notification workers send goes to an SMTP sink there that writes down what it receives. Their
# PIDs are added to the array stand_ins; their logs go to shop_dir.
shop_on_node() {
  node_ip=$(kubectl get node -o jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}')
  mvn -B -q -o -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null 2>&1 \
    || fail "the operator's test classpath (for the Kafka broker) cannot be resolved offline: run mvn -B package -DskipTests first"
  java -Xmx384m -cp "operator/target/test-classes:operator/target/classes:$(cat operator/target/test-classpath.txt)" \
    dev.keelson.operator.testing.NodeKafka "$node_ip" "$shop_dir/kafka" > "$shop_dir/kafka.log" 2>&1 &
  stand_ins+=($!)
  smtp_port=${KEELSON_SMTP_PORT:-12525}
  python3 -W ignore -u -m smtpd -n -c DebuggingServer "$node_ip:$smtp_port" > "$shop_dir/mail.log" 2>&1 &
  stand_ins+=($!)
  wait_for 120 "a Kafka broker listens on the node's address" test -s "$shop_dir/kafka"
  bootstrap=$(sed -n 's/^kafka=//p' "$shop_dir/kafka")
  kill -0 "${stand_ins[-1]}" 2>/dev/null || fail "the SMTP sink did not start on $node_ip:$smtp_port: $(cat "$shop_dir/mail.log")"
  restricted_namespace shop
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$shop_dir/private.pem" 2>/dev/null
  openssl pkey -in "$shop_dir/private.pem" -pubout -out "$shop_dir/public.pem"
  kubectl create secret generic shop-jwt -n shop --from-file=private.pem="$shop_dir/private.pem" --from-file=public.pem="$shop_dir/public.pem" >/dev/null
  # The administrator, by configuration only (KEELSON_ADMINS: address=bcrypt hash). The C library's
  # bcrypt writes $2b$, the shop takes $2a$/$2y$: the same hash for a password this short.
  admin_password="the shop administrator's own passphrase"
  admin_hash=$(python3 -W ignore -c 'import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=1024)))' "$admin_password" | sed 's/^\$2b\$/$2a$/')
  kubectl create secret generic shop-admins -n shop --from-literal=admins="admin@shop.test=$admin_hash" >/dev/null
  # The sample's Platform runs on three remote clusters; here one Platform of the same data services
  # runs on this cluster (profile dev: one MongoDB member, since the stand-in does not replicate).
  kubectl apply --server-side -n shop -f - >/dev/null <<YAML
apiVersion: platform.keelson.dev/v1alpha1
kind: Platform
metadata: {name: shop}
spec:
  profile: dev
  kafka: {bootstrapServers: "$bootstrap", topicPrefix: "shop.", topicDefaults: {partitions: 3, replicationFactor: 1, retention: 1d}}
  redis: {mode: standalone}
  mongodb: {members: 1}
  security:
    networkPolicy: DefaultDeny
    tls: {enabled: true}
YAML
  # The sample's Services and WorkerPools as they are, but one replica each and small CPU requests (a
  # 2-core node), the user service with the administrator, the notification workers mailing over SMTP.
  sed -e 's/minReplicas: 3/minReplicas: 1/' -e 's/^  replicas: 2$/  replicas: 1/' \
    -e 's|^  image: quay.io/keelson/shop:0.1.0$|&\n  resources: {requests: {cpu: 20m, memory: 200Mi}, limits: {memory: 400Mi}}|' \
    -e 's|^    - {name: KEELSON_SERVICE, value: user}$|&\n    - name: KEELSON_ADMINS\n      valueFrom: {secretKeyRef: {name: shop-admins, key: admins}}|' \
    samples/shop/services.yaml | kubectl apply --server-side -n shop -f - >/dev/null
  sed -e 's|^  image: quay.io/keelson/shop:0.1.0$|&\n  resources: {requests: {cpu: 20m, memory: 200Mi}, limits: {memory: 400Mi}}|' \
    -e "s|{name: KEELSON_NOTIFICATION_CHANNEL, value: log}.*|{name: KEELSON_NOTIFICATION_CHANNEL, value: smtp}\n    - {name: QUARKUS_MAILER_HOST, value: \"$node_ip\"}\n    - {name: QUARKUS_MAILER_PORT, value: \"$smtp_port\"}|" \
    samples/shop/workerpools.yaml | kubectl apply --server-side -n shop -f - >/dev/null
  wait_for 300 "the Platform shop is Ready: Redis and the MongoDB stand-in over TLS, its users, the Kafka topics" ready shop platforms.platform.keelson.dev shop
  for s in storefront user-service product-service order-service payment-service notification-service analytics-service; do
    wait_for 300 "$s is Ready: its real pods pass their probes on the bindings Keelson mounted" ready shop services.platform.keelson.dev "$s"
  done
  wait_for 180 "the WorkerPool notification-workers is Ready" ready shop workerpools.platform.keelson.dev notification-workers
}

# A customer's visit through the Services Keelson made (their ClusterIPs, kube-proxy's rules): the
# storefront's page, register, sign in, the administrator adds a product, the customer lists it and
# orders two; the order is paid, the confirmation mailed, the stock down from 4 to 2.
shop_visit() {
  service_url() { echo "http://$(kubectl get service -n shop "$1" -o jsonpath='{.spec.clusterIP}'):8080"; }
  json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
  call() { # expected-status method url [token] [body]: prints the body
    local expected=$1 method=$2 url=$3 token=${4:-} body=${5:-} out status
    out=$(mktemp)
    status=$(curl -s -o "$out" -w '%{http_code}' --max-time 10 -X "$method" -H 'Content-Type: application/json' \
      ${token:+-H "Authorization: Bearer $token"} -H "Idempotency-Key: visit-$RANDOM$RANDOM" ${body:+--data "$body"} "$url") || true
    [[ "$status" == "$expected" ]] || fail "$method $url answered $status, not $expected: $(head -c 400 "$out")"
    cat "$out"; rm -f "$out"
  }
  users=$(service_url user-service) products=$(service_url product-service) orders=$(service_url order-service)
  storefront=$(service_url storefront)
  page=$(call 200 GET "$storefront/")
  [[ "$page" == *'<div id="root">'* || "$page" == *"<html"* ]] || fail "the storefront's / is not its page: ${page:0:200}"
  ok "the storefront serves its page through its Service"
  customer="ada-$RANDOM@shop.test"
  call 201 POST "$users/api/users" "" "{\"email\":\"$customer\",\"password\":\"correct horse battery\",\"name\":\"Ada Lovelace\"}" >/dev/null
  token=$(call 200 POST "$users/api/users/login" "" "{\"email\":\"$customer\",\"password\":\"correct horse battery\"}" | json_field accessToken)
  admin=$(call 200 POST "$users/api/users/login" "" "{\"email\":\"admin@shop.test\",\"password\":\"$admin_password\"}" | json_field accessToken)
  ok "$customer registered and signed in; the administrator (by configuration) signed in"
  product=$(call 201 POST "$products/api/products" "$admin" '{"name":"Colander","category":"kitchen","priceCents":2450,"stock":4}' | json_field id)
  listed=$(call 200 GET "$products/api/products" "$token")
  [[ "$listed" == *"$product"* ]] || fail "the product list does not hold $product: ${listed:0:300}"
  ok "the administrator added a product; the customer lists it"
  order=$(call 201 POST "$orders/api/orders" "$token" "{\"items\":[{\"productId\":\"$product\",\"quantity\":2}]}" | json_field id)
  wait_for 120 "order $order is paid (stock reserved at the product service, charged at the payment service)" \
    bash -c "curl -sf --max-time 5 -H 'Authorization: Bearer $token' '$orders/api/orders/$order' | grep -q '\"status\":\"paid\"'"
  wait_for 120 "the notification worker mailed $customer over SMTP: 'Your order $order is confirmed'" \
    bash -c "grep -q 'Subject: Your order $order is confirmed' '$shop_dir/mail.log' && grep -q 'To: $customer' '$shop_dir/mail.log'"
  stock=$(call 200 GET "$products/api/products/$product" "$token" | json_field stock)
  [[ "$stock" == 2 ]] || fail "the product's stock is $stock after an order of 2 of 4"
  ok "the stock went from 4 to 2"
  # The credentials Keelson mounted give the order service its own database and nothing more.
  local probe
  probe=$(kubectl exec -i -n shop deployment/order-service -- sh -c \
    'cat > /tmp/MongoBindingProbe.java && java -Xmx64m -cp "/deployments/lib/main/*" /tmp/MongoBindingProbe.java orders payments' \
    < hack/lib/MongoBindingProbe.java 2>&1) || fail "the order service's MongoDB binding: $probe"
  ok "in the order service's pod, its /bindings/mongodb: $(grep -E '^(own|other) database' <<<"$probe" | paste -sd ';' | sed 's/;/; /')"

}
