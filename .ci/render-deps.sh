#!/usr/bin/env bash
# Installs the Debian packages the report-docx LibreOffice render test, the source-xlsx tests
# (LibreOffice Calc converts CSV to .xlsx and .xls) and the
# report benchmark need, only when they are missing. Sourced by .ci/run; safe to run alone.
_govplan_render_pkgs="libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai python3-docx"
_govplan_render_missing=""
for _p in $_govplan_render_pkgs; do
  dpkg-query -W -f='${Status}' "$_p" 2>/dev/null | grep -q "install ok installed" || _govplan_render_missing="$_govplan_render_missing $_p"
done
if [ -n "$_govplan_render_missing" ]; then
  echo "render-deps: installing$_govplan_render_missing"
  _sudo=""; [ "$(id -u)" != "0" ] && _sudo="sudo"
  $_sudo apt-get update && DEBIAN_FRONTEND=noninteractive $_sudo apt-get install -y --no-install-recommends $_govplan_render_pkgs
else
  echo "render-deps: all present"
fi
unset _p _sudo _govplan_render_pkgs _govplan_render_missing
