{{/* The chart name, or nameOverride. */}}
{{- define "auditseal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of every resource name: fullnameOverride, else the release name when it already contains the chart
name (release "auditseal" gives Service "auditseal", as manifests/ expect), else <release>-<chart>. 63 characters
at most: it is also a DNS label (the Service name).
*/}}
{{- define "auditseal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels that select the pods: never change them in an upgrade (selectors are immutable). */}}
{{- define "auditseal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "auditseal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "auditseal.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "auditseal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: auditseal
{{- end }}

{{- define "auditseal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "auditseal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the webhook's serving certificate: the user's in mode existingSecret, else the chart's. */}}
{{- define "auditseal.tlsSecretName" -}}
{{- if eq .Values.tls.mode "existingSecret" }}
{{- required "tls.existingSecret is required when tls.mode is existingSecret" .Values.tls.existingSecret }}
{{- else }}
{{- printf "%s-tls" (include "auditseal.fullname" .) }}
{{- end }}
{{- end }}

{{/* The names the serving certificate must carry, as a JSON list: the Service's, then tls.extraDnsNames. */}}
{{- define "auditseal.dnsNames" -}}
{{- $svc := include "auditseal.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $names := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns .Values.clusterDomain) }}
{{- concat $names .Values.tls.extraDnsNames | uniq | toJson }}
{{- end }}

{{/* The namespaces watched for AuditChains: watchNamespaces, or the release namespace alone. */}}
{{- define "auditseal.watchedNamespaces" -}}
{{- if .Values.watchNamespaces }}
{{- .Values.watchNamespaces | uniq | toJson }}
{{- else }}
{{- list .Release.Namespace | toJson }}
{{- end }}
{{- end }}

{{- define "auditseal.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
RBAC rules, split by where they are needed. Together, in this order, they are exactly the Role of
manifests/rbac.yaml (HelmChartTest compares them); keep both files in step.
*/}}
{{- define "auditseal.operatorRules" -}}
# Chains: watched; status and the finalizer (which unregisters a deleted chain) are the operator's.
- apiGroups: [auditseal.io]
  resources: [auditchains]
  verbs: [get, list, watch, patch, update]
- apiGroups: [auditseal.io]
  resources: [auditchains/status, auditchains/finalizers]
  verbs: [get, patch, update]
# Seal records: created once by the sealer, verified (status), restored when missing, pruned when over maxCount.
- apiGroups: [auditseal.io]
  resources: [auditseals]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [auditseal.io]
  resources: [auditseals/status]
  verbs: [get, patch, update]
# Secrets: read the ones chains reference (tokens, S3 credentials, signing keys); create the generated signing
# key. No list or watch: the operator never reads Secrets it was not pointed at.
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, create]
# Warning Events on chains and seals (verification failures, restored records).
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
{{- end }}

{{/* The Lease name is the operator's default (auditseal.operator.lease-name); the rule names exactly that Lease. */}}
{{- define "auditseal.leaderElectionRules" -}}
# Leader election: the operator's own Lease (fabric8's LeaderElector renews it with PATCH).
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [create]
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  resourceNames: [auditseal-leader]
  verbs: [get, update, patch]
{{- end }}
