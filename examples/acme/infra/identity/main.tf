terraform {
  required_providers {
    okta = {
      source  = "okta/okta"
      version = "~> 4.8"
    }
  }
}

variable "okta_api_token" {
  description = "Okta API token for the identity-automation service app"
  type        = string
  sensitive   = true
}

provider "okta" {
  org_name  = "acme"
  base_url  = "okta.com"
  api_token = var.okta_api_token
}

resource "okta_group" "engineering" {
  name        = "engineering"
  description = "Everyone in engineering (provisioned from Workday)"
}

resource "okta_group_rule" "engineering" {
  name              = "engineering-from-workday"
  status            = "ACTIVE"
  group_assignments = [okta_group.engineering.id]
  expression_type   = "urn:okta:expression:1.0"
  expression_value  = "user.department==\"Engineering\""
}
