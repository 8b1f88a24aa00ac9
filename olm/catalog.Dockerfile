# The catalog image: quay.io/keelson/keelson-operator-catalog:latest, serving olm/catalog/ over
# the registry's gRPC API (README: Publishing to OLM). opm validates it again while it builds.
FROM quay.io/operator-framework/opm:v1.73.0
COPY catalog /configs
RUN ["/bin/opm", "validate", "/configs"]
RUN ["/bin/opm", "serve", "/configs", "--cache-dir=/tmp/cache", "--cache-only"]
ENTRYPOINT ["/bin/opm"]
CMD ["serve", "/configs", "--cache-dir=/tmp/cache"]
LABEL operators.operatorframework.io.index.configs.v1=/configs
