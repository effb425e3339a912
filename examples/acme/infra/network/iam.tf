resource "aws_iam_role" "scim_bridge" {
  name               = "scim-bridge"
  assume_role_policy = data.aws_iam_policy_document.scim_bridge_trust.json
}

data "aws_secretsmanager_secret_version" "scim_bearer" {
  secret_id = "scim-bridge/bearer-token"
}

data "aws_iam_policy_document" "scim_bridge_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com"]
    }
  }
}
