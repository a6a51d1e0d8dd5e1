# The demo legacy ERP and the RPA worker, on top of the app image (the root Dockerfile) that
# docker-compose.yml builds for the `api` service and hands in as the build context `app`
# (build.additional_contexts: app: service:api, which needs a Docker Compose that builds one
# service's image from another's). Same dist/, same
# production node_modules (playwright-core is a runtime dependency); each target adds only what
# its process needs.

# The ERP keeps its orders in a JSON file (ERP_DATA_FILE); the volume mounted here inherits this
# folder's owner, so the unprivileged `node` user can write it.
FROM app AS legacy-erp
USER root
RUN mkdir -p /var/lib/legacy-erp && chown node:node /var/lib/legacy-erp
USER node
CMD ["node", "dist/src/legacy-erp/legacy-erp.main.js"]

# The order bot drives the ERP in Debian's Chromium (/usr/bin/chromium, CHROMIUM_PATH's default)
# through playwright-core, as on a developer machine; Noto CJK so that Chinese contract fields
# render in its screenshots. Playwright launches it without the setuid sandbox (chromiumSandbox
# defaults to false), which an unprivileged container lacks.
FROM app AS rpa-worker
USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/*
USER node
CMD ["node", "dist/src/rpa-worker.js"]
